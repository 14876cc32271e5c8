package dev.ferry.transport.sqs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.publish.PayloadTooLargeException;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendCoalescer;
import dev.ferry.core.transport.SendResult;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * Sends messages with SendMessageBatch: packs them into requests of at most ten entries and 1 MiB,
 * sends the requests concurrently, reports one result per message and re-sends only the entries SQS
 * failed for a retryable reason (server faults, throttling). Messages SQS would refuse (too large,
 * too many attributes, delay on FIFO, missing group id) are rejected before anything is sent, with
 * a reason naming the destination.
 *
 * <p>Hand-written rather than Spring Cloud AWS's {@code SqsTemplate.sendMany}: that reports one
 * outcome per call and has no per-entry retry, while Ferry owes the caller a result per message.
 */
final class SqsPublisher {

	private final SqsAsyncClient client;

	private final SqsQueues queues;

	private final SqsOptions options;

	private final Supplier<@Nullable String> xrayTraceHeader;

	/** Gathers small concurrent sends to standard queues; null when the batch window is zero. */
	private final @Nullable SendCoalescer coalescer;

	/** A SendMessageBatch request: ten entries, 1 MiB. */
	private static final SendCoalescer.Limits BATCH = new SendCoalescer.Limits(SqsLimits.MAX_BATCH_ENTRIES,
			SqsLimits.MAX_BATCH_BYTES, SqsHeaders::sizeOf);

	SqsPublisher(SqsAsyncClient client, SqsQueues queues, SqsOptions options) {
		this(client, queues, options, SqsXRay.fromEnvironment());
	}

	SqsPublisher(SqsAsyncClient client, SqsQueues queues, SqsOptions options,
			Supplier<@Nullable String> xrayTraceHeader) {
		this.client = client;
		this.queues = queues;
		this.options = options;
		this.xrayTraceHeader = xrayTraceHeader;
		this.coalescer = options.publishBatchWindow().isZero() ? null
				: new SendCoalescer("ferry-sqs-publish-window", options.publishBatchWindow());
	}

	CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages, long maxBytes) {
		if (messages.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		return this.queues.resolve(destination).handle((queue, error) -> {
			if (error != null) {
				Throwable cause = SqsQueues.unwrap(error);
				boolean missing = cause instanceof dev.ferry.core.FerryConfigurationException;
				return CompletableFuture.completedFuture(rejectAll(messages, missing ? "QueueDoesNotExist" : "TransportError",
						String.valueOf(cause.getMessage()), !missing, cause));
			}
			// FIFO queues are not gathered: a batch from several callers would order their messages
			if (this.coalescer != null && !queue.fifo()) {
				// the environment's trace header is the caller's, not that of the thread that sends the batch
				List<EncodedMessage> pinned = SendCoalescer.withHeaderIfAbsent(messages, SqsHeaders.AWS_TRACE_HEADER,
						this.xrayTraceHeader.get());
				return this.coalescer.send(destination.name() + "|" + queue.url(), BATCH, pinned,
						batch -> sendTo(destination, queue, batch, maxBytes));
			}
			return sendTo(destination, queue, messages, maxBytes);
		}).thenCompose(future -> future);
	}

	/** Sends what is being gathered and stops the window's timer. */
	void close() {
		if (this.coalescer != null) {
			this.coalescer.close();
		}
	}

	private CompletableFuture<List<SendResult>> sendTo(Destination destination, SqsQueue queue,
			List<EncodedMessage> messages, long maxBytes) {
		SendResult[] results = new SendResult[messages.size()];
		List<CompletableFuture<Void>> sends = new ArrayList<>();
		CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
		List<SendMessageBatchRequestEntry> chunk = new ArrayList<>();
		long chunkBytes = 0;
		for (int i = 0; i < messages.size(); i++) {
			EncodedMessage message = messages.get(i);
			long size = SqsHeaders.sizeOf(message);
			// decoded once: the check that the body is UTF-8 text also yields the entry's body
			@Nullable String body = text(message.body());
			SendResult.Rejected invalid = validate(destination, queue, message, size, maxBytes, body != null);
			if (invalid != null) {
				results[i] = invalid;
				continue;
			}
			if (chunk.size() == SqsLimits.MAX_BATCH_ENTRIES || chunkBytes + size > SqsLimits.MAX_BATCH_BYTES) {
				chain = dispatch(queue, chunk, messages, results, sends, chain);
				chunk = new ArrayList<>();
				chunkBytes = 0;
			}
			// the entry id is the message's position, which is how results find their way back
			chunk.add(entry(Integer.toString(i), queue, message, java.util.Objects.requireNonNull(body)));
			chunkBytes += size;
		}
		if (!chunk.isEmpty()) {
			chain = dispatch(queue, chunk, messages, results, sends, chain);
		}
		sends.add(chain);
		return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).thenApply(ignored -> List.of(results));
	}

	/**
	 * Sends a full request at once, while later ones are still being built; on FIFO queues after the
	 * previous request finished, so a later request cannot overtake an earlier one of the same group.
	 */
	private CompletableFuture<Void> dispatch(SqsQueue queue, List<SendMessageBatchRequestEntry> entries,
			List<EncodedMessage> messages, SendResult[] results, List<CompletableFuture<Void>> sends,
			CompletableFuture<Void> chain) {
		if (queue.fifo()) {
			return chain.thenCompose(ignored -> sendChunk(queue, entries, messages, results, 1));
		}
		sends.add(sendChunk(queue, entries, messages, results, 1));
		return chain;
	}

	private CompletableFuture<Void> sendChunk(SqsQueue queue, List<SendMessageBatchRequestEntry> entries,
			List<EncodedMessage> messages, SendResult[] results, int attempt) {
		SendMessageBatchRequest request = SendMessageBatchRequest.builder().queueUrl(queue.url()).entries(entries).build();
		return this.client.sendMessageBatch(request).handle((response, error) -> {
			List<SendMessageBatchRequestEntry> again = (error != null) ? failRequest(entries, messages, results, error, attempt)
					: record(response, entries, messages, results, attempt);
			if (again.isEmpty()) {
				return CompletableFuture.<Void>completedFuture(null);
			}
			return CompletableFuture
				.runAsync(() -> {
				}, CompletableFuture.delayedExecutor(this.options.sendRetryDelay().toMillis(), TimeUnit.MILLISECONDS))
				.thenCompose(ignored -> sendChunk(queue, again, messages, results, attempt + 1));
		}).thenCompose(future -> future);
	}

	private List<SendMessageBatchRequestEntry> record(SendMessageBatchResponse response,
			List<SendMessageBatchRequestEntry> entries, List<EncodedMessage> messages, SendResult[] results,
			int attempt) {
		for (SendMessageBatchResultEntry ok : response.successful()) {
			Map<String, String> metadata = new LinkedHashMap<>();
			if (ok.sequenceNumber() != null) {
				metadata.put("sequenceNumber", ok.sequenceNumber());
			}
			results[Integer.parseInt(ok.id())] = new SendResult.Accepted(messages.get(Integer.parseInt(ok.id())).id(), ok.messageId(),
					metadata);
		}
		List<SendMessageBatchRequestEntry> again = new ArrayList<>();
		for (BatchResultErrorEntry failed : response.failed()) {
			boolean retryable = !Boolean.TRUE.equals(failed.senderFault()) || isThrottling(failed.code());
			if (retryable && attempt < this.options.sendAttempts()) {
				entries.stream().filter(entry -> entry.id().equals(failed.id())).forEach(again::add);
			}
			else {
				results[Integer.parseInt(failed.id())] = new SendResult.Rejected(messages.get(Integer.parseInt(failed.id())).id(),
						failed.code(), "SQS refused the message: " + failed.message(), retryable, null);
			}
		}
		return again;
	}

	private List<SendMessageBatchRequestEntry> failRequest(List<SendMessageBatchRequestEntry> entries,
			List<EncodedMessage> messages, SendResult[] results, Throwable error, int attempt) {
		Throwable cause = SqsQueues.unwrap(error);
		boolean retryable = isRetryable(cause);
		if (retryable && attempt < this.options.sendAttempts()) {
			return entries;
		}
		String code = (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null)
				? aws.awsErrorDetails().errorCode() : cause.getClass().getSimpleName();
		for (SendMessageBatchRequestEntry entry : entries) {
			results[Integer.parseInt(entry.id())] = new SendResult.Rejected(messages.get(Integer.parseInt(entry.id())).id(),
					String.valueOf(code), "SendMessageBatch failed: " + cause.getMessage(), retryable, cause);
		}
		return List.of();
	}

	private SendMessageBatchRequestEntry entry(String entryId, SqsQueue queue, EncodedMessage message, String body) {
		SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
			.id(entryId)
			.messageBody(body)
			.messageAttributes(SqsHeaders.toAttributes(message.headers()));
		if (queue.fifo()) {
			entry.messageGroupId(message.key());
			String dedup = message.deduplicationId();
			if (dedup == null && !queue.contentBasedDeduplication()) {
				// Ferry's id is stable across the publisher's own retries, so a re-send is deduplicated.
				dedup = message.id();
			}
			entry.messageDeduplicationId(dedup);
		}
		else if (!message.delay().isZero()) {
			entry.delaySeconds((int) Math.ceil(message.delay().toMillis() / 1000.0));
		}
		String trace = traceHeader(message);
		if (trace != null) {
			entry.messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
					MessageSystemAttributeValue.builder().dataType(SqsHeaders.STRING).stringValue(trace).build()));
		}
		return entry.build();
	}

	private SendResult.@Nullable Rejected validate(Destination destination, SqsQueue queue, EncodedMessage message,
			long size, long maxBytes, boolean text) {
		String where = "destination '" + destination.name() + "' (SQS queue " + queue.name() + ")";
		if (size > maxBytes) {
			return new SendResult.Rejected(message.id(), PayloadTooLargeException.CODE, "Message for " + where + " is "
					+ size + " bytes (body plus attributes); the limit is " + maxBytes + " bytes. Send a smaller "
					+ "payload or a reference to it (for example an S3 key)", false, null);
		}
		int attributes = SqsHeaders.attributeCount(message.headers());
		if (attributes > SqsLimits.MAX_ATTRIBUTES) {
			return reject(message, "TooManyAttributes", "Message for " + where + " has " + attributes
					+ " headers including Ferry's own; SQS allows " + SqsLimits.MAX_ATTRIBUTES + " message attributes");
		}
		String headerProblem = SqsHeaders.problemWith(message.headers());
		if (headerProblem != null) {
			return reject(message, "InvalidAttribute", "Message for " + where + ": " + headerProblem);
		}
		if (!text) {
			return reject(message, "InvalidBody", "Message for " + where + " has a body that is not UTF-8 text; SQS "
					+ "message bodies are text, so encode binary payloads (for example Base64) before publishing");
		}
		if (queue.fifo()) {
			if (!message.delay().isZero()) {
				return reject(message, "DelayNotSupported", "Message for " + where + " asks for a delay of "
						+ message.delay() + ", but FIFO queues support delay only per queue (DelaySeconds), not per message");
			}
			if (message.key() == null || message.key().isEmpty()) {
				return reject(message, "MissingMessageGroupId", "Message for FIFO " + where
						+ " has no key; the key becomes the MessageGroupId, which FIFO queues require");
			}
			if (message.key().length() > SqsLimits.MAX_ID_LENGTH || (message.deduplicationId() != null
					&& message.deduplicationId().length() > SqsLimits.MAX_ID_LENGTH)) {
				return reject(message, "InvalidParameterValue", "Message for " + where + ": key and deduplication id "
						+ "must be at most " + SqsLimits.MAX_ID_LENGTH + " characters");
			}
		}
		else if (message.delay().compareTo(SqsLimits.MAX_DELAY) > 0) {
			return reject(message, "InvalidParameterValue", "Message for " + where + " asks for a delay of "
					+ message.delay() + "; SQS allows at most " + SqsLimits.MAX_DELAY);
		}
		return null;
	}

	private static SendResult.Rejected reject(EncodedMessage message, String code, String reason) {
		return new SendResult.Rejected(message.id(), code, reason, false, null);
	}

	private static List<SendResult> rejectAll(List<EncodedMessage> messages, String code, String reason,
			boolean retryable, @Nullable Throwable cause) {
		List<SendResult> results = new ArrayList<>(messages.size());
		for (EncodedMessage message : messages) {
			results.add(new SendResult.Rejected(message.id(), code, reason, retryable, cause));
		}
		return results;
	}

	/** The message's own {@code AWSTraceHeader} header, else the environment's X-Ray trace header. */
	private @Nullable String traceHeader(EncodedMessage message) {
		String header = message.headers().getOrNull(SqsHeaders.AWS_TRACE_HEADER);
		if (header != null && !header.isBlank()) {
			return header;
		}
		String current = this.xrayTraceHeader.get();
		return (current != null && !current.isBlank()) ? current : null;
	}

	static boolean isThrottling(@Nullable String code) {
		return code != null && (code.contains("Throttl") || code.equals("RequestThrottled"));
	}

	static boolean isRetryable(Throwable error) {
		if (error instanceof AwsServiceException aws) {
			return aws.isThrottlingException() || aws.statusCode() >= 500;
		}
		if (error instanceof SdkException sdk) {
			return sdk.retryable() || sdk instanceof software.amazon.awssdk.core.exception.SdkClientException;
		}
		return false;
	}

	/** The body as text, or null when it is not valid UTF-8. */
	private static @Nullable String text(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
