package dev.ferry.transport.sns;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.publish.PayloadTooLargeException;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendCoalescer;
import dev.ferry.core.transport.SendResult;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;

/**
 * Publishes with PublishBatch: packs messages into requests of at most ten entries whose total
 * size stays within the topic's limit (the limit applies to the whole request), reports one result
 * per message in order, and re-sends only the entries SNS failed for a retryable reason (server
 * faults, throttling), a bounded number of times with a doubling pause. An HTTP 200 response with
 * failed entries is a failure of those entries. Messages SNS would refuse (too large, invalid or too
 * many attributes, a delay, FIFO without a key) are rejected before anything is sent, with a reason
 * naming the destination.
 *
 * <p>Hand-written rather than Spring Cloud AWS's {@code SnsTemplate}: that publishes one message per
 * call and reports no per-entry outcome, while Ferry owes the caller a result per message.
 */
final class SnsPublisher {

	/** Most entries in one PublishBatch request. https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html */
	static final int MAX_BATCH_ENTRIES = 10;

	/** Longest MessageGroupId and MessageDeduplicationId. */
	static final int MAX_ID_LENGTH = 128;

	private final SnsAsyncClient client;

	private final SnsOptions options;

	/** Gathers small concurrent publishes to standard topics; null when the batch window is zero. */
	private final @Nullable SendCoalescer coalescer;

	SnsPublisher(SnsAsyncClient client, SnsOptions options) {
		this.client = client;
		this.options = options;
		this.coalescer = options.publishBatchWindow().isZero() ? null
				: new SendCoalescer("ferry-sns-publish-window", options.publishBatchWindow());
	}

	CompletableFuture<List<SendResult>> send(Destination destination, SnsTopic topic, List<EncodedMessage> messages,
			long maxBytes) {
		// FIFO topics are not gathered: a batch from several callers would order their messages
		if (this.coalescer != null && !topic.fifo()) {
			return this.coalescer.send(destination.name() + "|" + topic.arn(),
					new SendCoalescer.Limits(MAX_BATCH_ENTRIES, maxBytes, SnsHeaders::sizeOf), messages,
					batch -> sendNow(destination, topic, batch, maxBytes));
		}
		return sendNow(destination, topic, messages, maxBytes);
	}

	/** Sends what is being gathered and stops the window's timer. */
	void close() {
		if (this.coalescer != null) {
			this.coalescer.close();
		}
	}

	private CompletableFuture<List<SendResult>> sendNow(Destination destination, SnsTopic topic,
			List<EncodedMessage> messages, long maxBytes) {
		SendResult[] results = new SendResult[messages.size()];
		List<CompletableFuture<Void>> sends = new ArrayList<>();
		CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
		List<PublishBatchRequestEntry> chunk = new ArrayList<>();
		List<Long> sizes = new ArrayList<>();
		long chunkBytes = 0;
		for (int i = 0; i < messages.size(); i++) {
			EncodedMessage message = messages.get(i);
			long size = SnsHeaders.sizeOf(message);
			SendResult.Rejected invalid = validate(destination, topic, message, size, maxBytes);
			if (invalid != null) {
				results[i] = invalid;
				continue;
			}
			if (chunk.size() == MAX_BATCH_ENTRIES || chunkBytes + size > maxBytes) {
				chain = dispatch(topic, chunk, messages, results, sends, chain);
				chunk = new ArrayList<>();
				chunkBytes = 0;
			}
			// the entry id is the message's position, which is how results find their way back
			chunk.add(entry(Integer.toString(i), topic, message));
			chunkBytes += size;
		}
		if (!chunk.isEmpty()) {
			chain = dispatch(topic, chunk, messages, results, sends, chain);
		}
		sends.add(chain);
		return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).thenApply(ignored -> List.of(results));
	}

	/** Full requests go out at once; on FIFO topics one after the other, so no request overtakes an earlier one. */
	private CompletableFuture<Void> dispatch(SnsTopic topic, List<PublishBatchRequestEntry> entries,
			List<EncodedMessage> messages, SendResult[] results, List<CompletableFuture<Void>> sends,
			CompletableFuture<Void> chain) {
		if (topic.fifo()) {
			return chain.thenCompose(ignored -> publish(topic, entries, messages, results, 1));
		}
		sends.add(publish(topic, entries, messages, results, 1));
		return chain;
	}

	private CompletableFuture<Void> publish(SnsTopic topic, List<PublishBatchRequestEntry> entries,
			List<EncodedMessage> messages, SendResult[] results, int attempt) {
		PublishBatchRequest request = PublishBatchRequest.builder()
			.topicArn(topic.arn())
			.publishBatchRequestEntries(entries)
			.build();
		return this.client.publishBatch(request).handle((response, error) -> {
			List<PublishBatchRequestEntry> again = error != null ? failRequest(entries, messages, results, error, attempt)
					: record(response, entries, messages, results, attempt);
			if (again.isEmpty()) {
				return CompletableFuture.<Void>completedFuture(null);
			}
			long pause = this.options.publishRetryDelay().toMillis() << Math.min(attempt - 1, 10);
			return CompletableFuture.runAsync(() -> {
			}, CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
				.thenCompose(ignored -> publish(topic, again, messages, results, attempt + 1));
		}).thenCompose(future -> future);
	}

	private List<PublishBatchRequestEntry> record(PublishBatchResponse response, List<PublishBatchRequestEntry> entries,
			List<EncodedMessage> messages, SendResult[] results, int attempt) {
		for (PublishBatchResultEntry ok : response.successful()) {
			int index = Integer.parseInt(ok.id());
			Map<String, String> metadata = ok.sequenceNumber() != null ? Map.of("sequenceNumber", ok.sequenceNumber())
					: Map.of();
			results[index] = new SendResult.Accepted(messages.get(index).id(), ok.messageId(), metadata);
		}
		List<PublishBatchRequestEntry> again = new ArrayList<>();
		for (BatchResultErrorEntry failed : response.failed()) {
			int index = Integer.parseInt(failed.id());
			boolean retryable = !Boolean.TRUE.equals(failed.senderFault()) || isThrottling(failed.code());
			if (retryable && attempt < this.options.publishAttempts()) {
				entries.stream().filter(entry -> entry.id().equals(failed.id())).forEach(again::add);
			}
			else {
				results[index] = new SendResult.Rejected(messages.get(index).id(), String.valueOf(failed.code()),
						"SNS refused the message: " + failed.message(), retryable, null);
			}
		}
		// an entry SNS reported neither way must not vanish
		for (PublishBatchRequestEntry entry : entries) {
			int index = Integer.parseInt(entry.id());
			if (results[index] == null && !again.contains(entry)) {
				results[index] = new SendResult.Rejected(messages.get(index).id(), "MissingResult",
						"PublishBatch returned no result for the entry", true, null);
			}
		}
		return again;
	}

	private List<PublishBatchRequestEntry> failRequest(List<PublishBatchRequestEntry> entries,
			List<EncodedMessage> messages, SendResult[] results, Throwable error, int attempt) {
		Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
		boolean retryable = isRetryable(cause);
		if (retryable && attempt < this.options.publishAttempts()) {
			return entries;
		}
		String code = cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null
				? aws.awsErrorDetails().errorCode() : cause.getClass().getSimpleName();
		for (PublishBatchRequestEntry entry : entries) {
			int index = Integer.parseInt(entry.id());
			results[index] = new SendResult.Rejected(messages.get(index).id(), String.valueOf(code),
					"PublishBatch failed: " + cause.getMessage(), retryable, cause);
		}
		return List.of();
	}

	private static PublishBatchRequestEntry entry(String entryId, SnsTopic topic, EncodedMessage message) {
		PublishBatchRequestEntry.Builder entry = PublishBatchRequestEntry.builder()
			.id(entryId)
			.message(new String(message.body(), StandardCharsets.UTF_8))
			.messageAttributes(SnsHeaders.toAttributes(message.headers()));
		if (topic.fifo()) {
			entry.messageGroupId(message.key());
			String dedup = message.deduplicationId();
			if (dedup == null && !Boolean.parseBoolean(topic.attributes().get("ContentBasedDeduplication"))) {
				// Ferry's id is stable across the publisher's own retries, so a re-send is deduplicated.
				dedup = message.id();
			}
			entry.messageDeduplicationId(dedup);
		}
		return entry.build();
	}

	private static SendResult.@Nullable Rejected validate(Destination destination, SnsTopic topic,
			EncodedMessage message, long size, long maxBytes) {
		String where = "destination '" + destination.name() + "' (SNS topic " + topic.name() + ")";
		if (size > maxBytes) {
			return new SendResult.Rejected(message.id(), PayloadTooLargeException.CODE, "Message for " + where + " is "
					+ size + " bytes (message plus attributes); the limit is " + maxBytes + " bytes. Publish a "
					+ "smaller payload or a reference to it (for example an S3 key)", false, null);
		}
		String headerProblem = SnsHeaders.problemWith(message.headers());
		if (headerProblem != null) {
			return reject(message, "InvalidAttribute", "Message for " + where + ": " + headerProblem);
		}
		if (!isText(message.body())) {
			return reject(message, "InvalidBody", "Message for " + where + " has a body that is not UTF-8 text; SNS "
					+ "messages are text, so encode binary payloads (for example Base64) before publishing");
		}
		if (!message.delay().isZero()) {
			return reject(message, "DelayNotSupported", "Message for " + where + " asks for a delay of "
					+ message.delay() + ", but SNS publishes at once" + (topic.fifo() ? " (FIFO topics too)" : "")
					+ "; delay on the subscription queue instead, or publish later");
		}
		if (topic.fifo()) {
			if (message.key() == null || message.key().isEmpty()) {
				return reject(message, "MissingMessageGroupId", "Message for FIFO " + where
						+ " has no key; the key becomes the MessageGroupId, which FIFO topics require");
			}
			if (message.key().length() > MAX_ID_LENGTH || (message.deduplicationId() != null
					&& message.deduplicationId().length() > MAX_ID_LENGTH)) {
				return reject(message, "InvalidParameterValue", "Message for " + where + ": key and deduplication id "
						+ "must be at most " + MAX_ID_LENGTH + " characters");
			}
		}
		return null;
	}

	private static SendResult.Rejected reject(EncodedMessage message, String code, String reason) {
		return new SendResult.Rejected(message.id(), code, reason, false, null);
	}

	static boolean isThrottling(@Nullable String code) {
		return code != null && code.contains("Throttl");
	}

	static boolean isRetryable(Throwable error) {
		if (error instanceof AwsServiceException aws) {
			return aws.isThrottlingException() || aws.statusCode() >= 500;
		}
		if (error instanceof SdkException sdk) {
			return sdk.retryable() || sdk instanceof SdkClientException;
		}
		return false;
	}

	private static boolean isText(byte[] body) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
