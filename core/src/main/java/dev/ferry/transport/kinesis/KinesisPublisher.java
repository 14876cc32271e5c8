package dev.ferry.transport.kinesis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendCoalescer;
import dev.ferry.core.transport.SendResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Publishes with PutRecords: at most {@link KinesisOptions#maxRecordsPerRequest()} records and
 * {@link KinesisOptions#maxRequestBytes()} per request, one {@link SendResult} per message in order.
 * Records Kinesis reports as {@code ProvisionedThroughputExceededException} or
 * {@code InternalFailure} (and whole requests that fail retryably) are sent again with a doubling,
 * capped back-off, at most {@link KinesisOptions#sendAttempts()} times in all.
 *
 * <p>Per-key order through partial failures: a request holds at most one record per partition key,
 * and a record is not sent while an earlier record of its key is undecided. So when a record fails
 * and is re-sent, no later record of its key has been written yet: a retry never overtakes. The
 * price is one request per record for a run of the same key in one call; records without a key use
 * their id as partition key and batch freely. (PutRecord with {@code SequenceNumberForOrdering}
 * was rejected: one call per record for every key.)
 */
final class KinesisPublisher {

	private static final Logger logger = LoggerFactory.getLogger(KinesisPublisher.class);

	/** Per-record error codes PutRecords documents as worth retrying. */
	static final Set<String> RETRYABLE_CODES = Set.of("ProvisionedThroughputExceededException", "InternalFailure");

	private final KinesisAsyncClient client;

	private final KinesisOptions options;

	/** Gathers concurrent single-record publishes to one stream; null when the batch window is zero. */
	private final @Nullable SendCoalescer coalescer;

	/** A PutRecords request as the window gathers it: at most one record per partition key. */
	private final SendCoalescer.Limits batch;

	KinesisPublisher(KinesisAsyncClient client, KinesisOptions options) {
		this.client = client;
		this.options = options;
		this.coalescer = options.publishBatchWindow().isZero() ? null
				: new SendCoalescer("ferry-kinesis-publish-window", options.publishBatchWindow());
		this.batch = new SendCoalescer.Limits(options.maxRecordsPerRequest(), options.maxRequestBytes(),
				KinesisPublisher::recordSize, KinesisPublisher::partitionKey);
	}

	/**
	 * Sends the messages in order of their keys. A call of one record goes through the publish
	 * window: several of them to the same stream share a PutRecords request when their keys differ.
	 * A call of several records is sent as it is, so its per-key order never depends on two
	 * gathered requests.
	 */
	CompletableFuture<List<SendResult>> send(Destination destination, long maxRecordBytes,
			List<EncodedMessage> messages) {
		String stream = destination.resource();
		if (this.coalescer != null && messages.size() == 1) {
			return this.coalescer.send(destination.name() + "|" + stream, this.batch, messages,
					gathered -> send(stream, maxRecordBytes, gathered));
		}
		return send(stream, maxRecordBytes, messages);
	}

	/** Sends what is being gathered and stops the window's timer. */
	void close() {
		if (this.coalescer != null) {
			this.coalescer.close();
		}
	}

	/** The partition key of a message: its key, else its id. */
	static String partitionKey(EncodedMessage message) {
		return message.key() != null && !message.key().isEmpty() ? message.key() : message.id();
	}

	/** Record size as Kinesis counts it against the record limit: data plus partition key. */
	static long recordSize(EncodedMessage message) {
		return KinesisRecordFormat.encodedSize(message.headers(), message.body())
				+ partitionKey(message).getBytes(StandardCharsets.UTF_8).length;
	}

	private CompletableFuture<List<SendResult>> send(String stream, long maxRecordBytes, List<EncodedMessage> messages) {
		Call call = new Call(stream, messages.size());
		for (int i = 0; i < messages.size(); i++) {
			EncodedMessage message = messages.get(i);
			String key = partitionKey(message);
			long size = recordSize(message);
			if (key.length() > KinesisLimits.MAX_PARTITION_KEY_CHARS) {
				call.results[i] = new SendResult.Rejected(message.id(), "InvalidPartitionKey",
						"partition key (message key) has " + key.length() + " characters; Kinesis allows at most "
								+ KinesisLimits.MAX_PARTITION_KEY_CHARS,
						false, null);
			}
			else if (size > maxRecordBytes) {
				call.results[i] = new SendResult.Rejected(message.id(), "PayloadTooLarge", "record of " + size
						+ " bytes (data plus partition key) exceeds the limit of " + maxRecordBytes + " bytes", false,
						null);
			}
			else {
				call.entries.add(new Entry(i, message, key, size));
			}
		}
		round(call, 0);
		return call.future;
	}

	private void round(Call call, int failedRounds) {
		List<Entry> request = nextRequest(call);
		if (request.isEmpty()) {
			call.complete();
			return;
		}
		List<PutRecordsRequestEntry> records = new ArrayList<>(request.size());
		for (Entry entry : request) {
			records.add(PutRecordsRequestEntry.builder()
				.partitionKey(entry.key)
				.data(SdkBytes.fromByteArrayUnsafe(KinesisRecordFormat.encode(entry.message.headers(), entry.message.body())))
				.build());
		}
		CompletableFuture<PutRecordsResponse> response;
		try {
			response = this.client.putRecords(builder -> builder.streamName(call.stream).records(records));
		}
		catch (RuntimeException ex) {
			response = CompletableFuture.failedFuture(ex);
		}
		response.whenComplete((result, error) -> {
			try {
				boolean retry = error != null ? failed(call, request, unwrap(error)) : applied(call, request, result);
				if (retry) {
					Duration delay = backOff(failedRounds + 1);
					Executor later = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
					later.execute(() -> round(call, failedRounds + 1));
				}
				else {
					round(call, failedRounds);
				}
			}
			catch (RuntimeException ex) {
				call.future.completeExceptionally(ex);
			}
		});
	}

	/**
	 * The next request: undecided entries in order, at most one per partition key, none whose key
	 * has an earlier undecided entry left out, within the record and size limits.
	 */
	private List<Entry> nextRequest(Call call) {
		List<Entry> request = new ArrayList<>();
		Set<String> keys = new HashSet<>();
		long bytes = 0;
		for (Entry entry : call.entries) {
			if (call.results[entry.index] != null) {
				continue;
			}
			if (keys.contains(entry.key)) {
				continue;
			}
			keys.add(entry.key);
			if (request.size() == this.options.maxRecordsPerRequest()
					|| bytes + entry.size > this.options.maxRequestBytes()) {
				// Left for the next request; its key stays blocked for this one (it is in keys).
				continue;
			}
			request.add(entry);
			bytes += entry.size;
		}
		return request;
	}

	/** Applies a PutRecords response; true when some record is to be sent again. */
	private boolean applied(Call call, List<Entry> request, PutRecordsResponse response) {
		List<PutRecordsResultEntry> results = response.records();
		boolean retry = false;
		for (int i = 0; i < request.size(); i++) {
			Entry entry = request.get(i);
			entry.attempts++;
			PutRecordsResultEntry result = i < results.size() ? results.get(i) : null;
			if (result != null && result.errorCode() == null) {
				call.results[entry.index] = new SendResult.Accepted(entry.message.id(), result.sequenceNumber(),
						Map.of("shardId", result.shardId(), "sequenceNumber", result.sequenceNumber(), "stream",
								call.stream));
				continue;
			}
			String code = result != null ? result.errorCode() : "MissingResult";
			String reason = result != null ? result.errorMessage() : "PutRecords returned fewer results than records";
			boolean retryable = RETRYABLE_CODES.contains(code);
			if (retryable && entry.attempts < this.options.sendAttempts()) {
				retry = true;
				logger.debug("kinesis/{}#{} failed with {} (attempt {}); sending it again", call.stream,
						entry.message.id(), code, entry.attempts);
			}
			else {
				call.results[entry.index] = new SendResult.Rejected(entry.message.id(), code,
						reason + (retryable ? " (after " + entry.attempts + " attempts)" : ""), retryable, null);
			}
		}
		return retry;
	}

	/** Applies a failed request; true when its records are to be sent again. */
	private boolean failed(Call call, List<Entry> request, Throwable error) {
		boolean retryable = isRetryable(error);
		String code = error instanceof KinesisException kinesis && kinesis.awsErrorDetails() != null
				? kinesis.awsErrorDetails().errorCode() : error.getClass().getSimpleName();
		boolean retry = false;
		for (Entry entry : request) {
			entry.attempts++;
			if (retryable && entry.attempts < this.options.sendAttempts()) {
				retry = true;
			}
			else {
				call.results[entry.index] = new SendResult.Rejected(entry.message.id(), code,
						"PutRecords to " + call.stream + " failed: " + error.getMessage(), retryable, error);
			}
		}
		if (retry) {
			logger.debug("kinesis/{} PutRecords failed ({}); sending {} records again", call.stream, code,
					request.size());
		}
		return retry;
	}

	private static boolean isRetryable(Throwable error) {
		if (error instanceof KinesisException kinesis) {
			String code = kinesis.awsErrorDetails() != null ? kinesis.awsErrorDetails().errorCode() : "";
			return kinesis.isThrottlingException() || kinesis.statusCode() >= 500 || RETRYABLE_CODES.contains(code)
					|| "LimitExceededException".equals(code);
		}
		return error instanceof SdkException sdk && sdk.retryable();
	}

	private Duration backOff(int failedRounds) {
		long millis = this.options.sendRetryDelay().toMillis() << Math.min(failedRounds - 1, 20);
		return Duration.ofMillis(Math.min(millis, this.options.sendMaxRetryDelay().toMillis()));
	}

	private static Throwable unwrap(Throwable error) {
		return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
	}

	/** One message on its way. */
	private static final class Entry {

		final int index;

		final EncodedMessage message;

		final String key;

		final long size;

		int attempts;

		Entry(int index, EncodedMessage message, String key, long size) {
			this.index = index;
			this.message = message;
			this.key = key;
			this.size = size;
		}

	}

	/** One {@link #send} call: its entries and their results so far. */
	private static final class Call {

		final String stream;

		final List<Entry> entries = new ArrayList<>();

		final @Nullable SendResult[] results;

		final CompletableFuture<List<SendResult>> future = new CompletableFuture<>();

		Call(String stream, int size) {
			this.stream = stream;
			this.results = new SendResult[size];
		}

		void complete() {
			List<SendResult> list = new ArrayList<>(this.results.length);
			for (SendResult result : this.results) {
				list.add(result);
			}
			this.future.complete(list);
		}

	}

}
