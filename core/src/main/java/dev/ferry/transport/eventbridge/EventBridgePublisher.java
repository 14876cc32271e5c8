package dev.ferry.transport.eventbridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.publish.PayloadTooLargeException;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendCoalescer;
import dev.ferry.core.transport.SendResult;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Sends events with PutEvents: packs them into requests of at most ten entries whose size, counted
 * by AWS's entry-size rule, stays within {@link EventBridgeOptions#maxRequestBytes()}; sends the
 * requests concurrently; reports one result per message, in order; and re-sends, with doubling
 * back-off and a bounded number of attempts, only the entries EventBridge failed with a retryable
 * code. Messages EventBridge would refuse (no JSON object, too large) are rejected before anything
 * is sent, with a reason naming the destination.
 *
 * <p>Hand-written because no library publishes to EventBridge with per-entry results and retries:
 * the SDK returns the per-entry errors and leaves re-sending to the caller.
 */
final class EventBridgePublisher {

	/**
	 * Per-entry error codes worth another attempt; everything else (AccessDeniedException,
	 * InvalidArgument, MalformedDetail, NotAuthorizedForSourceException, ...) is final.
	 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html
	 */
	static final Set<String> RETRYABLE_CODES = Set.of("ThrottlingException", "InternalFailure", "InternalException",
			"ServiceUnavailable", "ServiceUnavailableException");

	private final EventBridgeAsyncClient client;

	private final EventBridgeOptions options;

	private final Supplier<@Nullable String> xrayTraceHeader;

	/** Gathers small concurrent publishes to one destination; null when the batch window is zero. */
	private final @Nullable SendCoalescer coalescer;

	/**
	 * A PutEvents request as the window gathers it: ten entries, and the request limit counted with
	 * the transport's lower bound of an entry's size; {@link #sendNow} splits a gathered batch whose
	 * exact size turns out larger.
	 */
	private final SendCoalescer.Limits batch;

	EventBridgePublisher(EventBridgeAsyncClient client, EventBridgeOptions options,
			Supplier<@Nullable String> xrayTraceHeader, ToLongFunction<EncodedMessage> sizeOf) {
		this.client = client;
		this.options = options;
		this.xrayTraceHeader = xrayTraceHeader;
		this.coalescer = options.publishBatchWindow().isZero() ? null
				: new SendCoalescer("ferry-eventbridge-publish-window", options.publishBatchWindow());
		this.batch = new SendCoalescer.Limits(EventBridgeLimits.MAX_BATCH_ENTRIES, options.maxRequestBytes(), sizeOf);
	}

	CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages) {
		if (messages.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		if (this.coalescer != null) {
			// the environment's trace header is the caller's, not that of the thread that sends the batch
			List<EncodedMessage> pinned = SendCoalescer.withHeaderIfAbsent(messages, EventBridgeHeaders.AWS_TRACE_HEADER,
					this.xrayTraceHeader.get());
			return this.coalescer.send(destination.name() + "|" + destination.resource(), this.batch, pinned,
					gathered -> sendNow(destination, gathered));
		}
		return sendNow(destination, messages);
	}

	/** Sends what is being gathered and stops the window's timer. */
	void close() {
		if (this.coalescer != null) {
			this.coalescer.close();
		}
	}

	private CompletableFuture<List<SendResult>> sendNow(Destination destination, List<EncodedMessage> messages) {
		EventBridgeDestinationProperties properties;
		try {
			properties = EventBridgeDestinationProperties.of(destination);
		}
		catch (RuntimeException ex) {
			List<SendResult> rejected = new ArrayList<>();
			messages.forEach(m -> rejected.add(new SendResult.Rejected(m.id(), "InvalidConfiguration",
					String.valueOf(ex.getMessage()), false, ex)));
			return CompletableFuture.completedFuture(rejected);
		}
		EventBridgeEntryFormat format = new EventBridgeEntryFormat(properties);
		String trace = this.xrayTraceHeader.get();
		SendResult[] results = new SendResult[messages.size()];
		List<CompletableFuture<Void>> sends = new ArrayList<>();
		List<Pending> chunk = new ArrayList<>();
		long chunkBytes = 0;
		long limit = this.options.maxRequestBytes();
		String where = "destination '" + destination.name() + "' (EventBridge bus " + properties.eventBus() + ")";
		for (int i = 0; i < messages.size(); i++) {
			EncodedMessage message = messages.get(i);
			PutEventsRequestEntry entry;
			try {
				entry = format.entry(message, trace);
			}
			catch (EventBridgeHeaders.InvalidDetailException ex) {
				results[i] = new SendResult.Rejected(message.id(), "InvalidDetail",
						"Message for " + where + " cannot be an event: " + ex.getMessage(), false, null);
				continue;
			}
			long size = EventBridgeEntryFormat.sizeOf(entry);
			if (size > limit) {
				results[i] = new SendResult.Rejected(message.id(), PayloadTooLargeException.CODE, "Event for " + where
						+ " is " + size + " bytes (Source, DetailType, Detail with Ferry's headers, Resources); the "
						+ "limit is " + limit + " bytes (ferry.eventbridge.max-request-size). Send a smaller payload "
						+ "or a reference to it (for example an S3 key)", false, null);
				continue;
			}
			if (chunk.size() == EventBridgeLimits.MAX_BATCH_ENTRIES || chunkBytes + size > limit) {
				sends.add(sendChunk(chunk, messages, results, 1));
				chunk = new ArrayList<>();
				chunkBytes = 0;
			}
			chunk.add(new Pending(i, entry));
			chunkBytes += size;
		}
		if (!chunk.isEmpty()) {
			sends.add(sendChunk(chunk, messages, results, 1));
		}
		return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).thenApply(ignored -> List.of(results));
	}

	private CompletableFuture<Void> sendChunk(List<Pending> chunk, List<EncodedMessage> messages, SendResult[] results,
			int attempt) {
		PutEventsRequest request = PutEventsRequest.builder()
			.entries(chunk.stream().map(Pending::entry).toList())
			.build();
		CompletableFuture<PutEventsResponse> call;
		try {
			call = this.client.putEvents(request);
		}
		catch (RuntimeException ex) {
			call = CompletableFuture.failedFuture(ex);
		}
		return call.handle((response, error) -> {
			List<Pending> again = (error != null) ? failRequest(chunk, messages, results, error, attempt)
					: record(response, chunk, messages, results, attempt);
			if (again.isEmpty()) {
				return CompletableFuture.<Void>completedFuture(null);
			}
			long delay = this.options.retryDelay(attempt).toMillis();
			return CompletableFuture.runAsync(() -> {
			}, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
				.thenCompose(ignored -> sendChunk(again, messages, results, attempt + 1));
		}).thenCompose(future -> future);
	}

	/** Entries[] of the response map one to one, in order, to the request's entries. */
	private List<Pending> record(PutEventsResponse response, List<Pending> chunk, List<EncodedMessage> messages,
			SendResult[] results, int attempt) {
		List<PutEventsResultEntry> entries = response.entries();
		List<Pending> again = new ArrayList<>();
		for (int i = 0; i < chunk.size(); i++) {
			Pending pending = chunk.get(i);
			String id = messages.get(pending.index()).id();
			PutEventsResultEntry result = i < entries.size() ? entries.get(i) : null;
			if (result == null) {
				results[pending.index()] = new SendResult.Rejected(id, "MissingResult",
						"PutEvents returned no result for this entry", true, null);
			}
			else if (result.errorCode() == null && result.eventId() != null) {
				results[pending.index()] = new SendResult.Accepted(id, result.eventId(), Map.of());
			}
			else {
				String code = String.valueOf(result.errorCode());
				boolean retryable = RETRYABLE_CODES.contains(code);
				if (retryable && attempt < this.options.sendAttempts()) {
					again.add(pending);
				}
				else {
					results[pending.index()] = new SendResult.Rejected(id, code, "EventBridge refused the event"
							+ (retryable ? " after " + attempt + " attempts" : "") + ": " + result.errorMessage(),
							retryable, null);
				}
			}
		}
		return again;
	}

	private List<Pending> failRequest(List<Pending> chunk, List<EncodedMessage> messages, SendResult[] results,
			Throwable error, int attempt) {
		Throwable cause = unwrap(error);
		boolean retryable = isRetryable(cause);
		if (retryable && attempt < this.options.sendAttempts()) {
			return chunk;
		}
		String code = (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null)
				? aws.awsErrorDetails().errorCode() : cause.getClass().getSimpleName();
		for (Pending pending : chunk) {
			results[pending.index()] = new SendResult.Rejected(messages.get(pending.index()).id(), String.valueOf(code),
					"PutEvents failed: " + cause.getMessage(), retryable, cause);
		}
		return List.of();
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

	static Throwable unwrap(Throwable error) {
		Throwable cause = error;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/** An entry on its way, with the position of its message in the caller's list. */
	private record Pending(int index, PutEventsRequestEntry entry) {
	}

}
