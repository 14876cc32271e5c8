package dev.ferry.test.aws.sns;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.ferry.test.aws.DeliveryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs SNS documents to HTTP/S subscribers with the headers of
 * https://docs.aws.amazon.com/sns/latest/dg/http-header.html and the default retry count of
 * https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.retry.html.
 */
final class SnsHttpDelivery {

	/**
	 * By default SNS retries a failed HTTP/S delivery up to three times.
	 * Source: https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.retry.html
	 */
	static final int DEFAULT_RETRIES = 3;

	private static final Logger logger = LoggerFactory.getLogger(SnsHttpDelivery.class);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5)).build();

	private final Duration retryDelay;

	SnsHttpDelivery(Duration retryDelay) {
		this.retryDelay = retryDelay;
	}

	/**
	 * Delivers {@code body}, retrying server-side failures (5xx, 429, I/O errors) as the delivery
	 * policy describes (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html);
	 * other non-2xx answers are client-side failures and are not retried.
	 * @throws DeliveryException when every attempt failed
	 */
	void post(String endpoint, String body, Map<String, String> headers) {
		DeliveryException last = null;
		for (int attempt = 0; attempt <= DEFAULT_RETRIES; attempt++) {
			if (attempt > 0) {
				pause();
			}
			try {
				HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
						.timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString(body))
						.header("Content-Type", "text/plain; charset=UTF-8")
						.header("User-Agent", "Amazon Simple Notification Service Agent");
				headers.forEach(request::header);
				int status = this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status >= 200 && status < 300) {
					return;
				}
				boolean retryable = status >= 500 || status == 429;
				last = new DeliveryException("HttpStatus" + status, "HTTP endpoint " + endpoint + " answered " + status,
						retryable);
				if (!retryable) {
					throw last;
				}
			}
			catch (IOException ex) {
				last = new DeliveryException("HttpConnectionFailure", "Cannot reach " + endpoint + ": " + ex, true);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new DeliveryException("Interrupted", "Delivery to " + endpoint + " interrupted", false);
			}
			logger.debug("Delivery attempt {} to {} failed: {}", attempt + 1, endpoint, last.getMessage());
		}
		throw last;
	}

	private void pause() {
		try {
			Thread.sleep(this.retryDelay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeliveryException("Interrupted", "Delivery interrupted", false);
		}
	}

}
