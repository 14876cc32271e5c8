package dev.ferry.benchmarks.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.ferry.benchmarks.RequestCounter;
import dev.ferry.test.sqs.ElasticMqServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What both SQS scenarios share: one ElasticMQ server and one client for the whole run, the payload,
 * and helpers to create, fill and count queues.
 */
final class SqsBench implements AutoCloseable {

	/** The benchmark's payload, the same for Ferry and the baselines. */
	public record OrderPlaced(String orderId, String customer, int quantity, double amount) {
	}

	static final String BODY = "{\"orderId\":\"o-1\",\"customer\":\"c-42\",\"quantity\":3,\"amount\":19.99}";

	private static final tools.jackson.databind.json.JsonMapper MAPPER = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	private static final OrderPlaced ORDER = new OrderPlaced("o-1", "c-42", 3, 19.99);

	final ElasticMqServer server;

	final SqsAsyncClient client;

	SqsBench() {
		// without a logback configuration everything logs at DEBUG, wire traffic included, which would be
		// measured instead of the messaging; the scenarios quiet it down to WARN
		if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(ch.qos.logback.classic.Level.WARN);
		}
		this.server = new ElasticMqServer().start();
		this.client = this.server.createClient();
	}

	/** A second client for the same server whose requests {@code counter} counts; the caller closes it. */
	SqsAsyncClient countedClient(RequestCounter counter) {
		return SqsAsyncClient.builder()
			.endpointOverride(this.server.endpoint())
			.region(software.amazon.awssdk.regions.Region.of(this.server.region()))
			.credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
				.create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
			.overrideConfiguration(o -> o.addExecutionInterceptor(counter))
			.build();
	}

	/** Messages in the queue, visible or in flight (received and not deleted yet). */
	int remaining(String url) {
		Map<QueueAttributeName, String> attributes = this.client
			.getQueueAttributes(b -> b.queueUrl(url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.join()
			.attributes();
		return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				+ Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

	String createQueue(String name) {
		return this.server.createQueue(this.client, name, Map.of());
	}

	void purge(String url) {
		this.client.purgeQueue(b -> b.queueUrl(url)).join();
	}

	/** Sends {@code count} copies of the body with raw SendMessageBatch requests, all in flight at once. */
	void fill(String url, int count) {
		fill(url, count, false);
	}

	/**
	 * Like {@link #fill(String, int)}; with {@code attributes} it does the work Ferry does per message:
	 * the body is converted with Jackson and each message carries two String attributes of the size
	 * of Ferry's own headers (ferry-id, ferry-type).
	 */
	void fill(String url, int count, boolean attributes) {
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (int from = 0; from < count; from += 10) {
			List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int i = from; i < Math.min(from + 10, count); i++) {
				SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
					.id(Integer.toString(i - from))
					.messageBody(attributes ? MAPPER.writeValueAsString(ORDER) : BODY);
				if (attributes) {
					entry.messageAttributes(Map.of("ferry-id", string(java.util.UUID.randomUUID().toString()), "ferry-type",
							string(OrderPlaced.class.getName())));
				}
				entries.add(entry.build());
			}
			sends.add(this.client.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).thenAccept(response -> {
				if (!response.failed().isEmpty()) {
					throw new IllegalStateException("SendMessageBatch failed: " + response.failed().get(0).message());
				}
			}));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
	}

	private static software.amazon.awssdk.services.sqs.model.MessageAttributeValue string(String value) {
		return software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
			.dataType("String")
			.stringValue(value)
			.build();
	}

	int visible(String url) {
		return Integer.parseInt(this.client
			.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.join()
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
	}

	@Override
	public void close() {
		this.client.close();
		this.server.close();
	}

}
