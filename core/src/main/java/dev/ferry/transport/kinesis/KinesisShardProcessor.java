package dev.ferry.transport.kinesis;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.Map;
import java.util.concurrent.Semaphore;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.DeliveryControl;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.InboundProcessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The KCL record processor of one shard: feeds Ferry's pipeline and keeps the shard's order.
 *
 * <p>{@link #processRecords} returns only when every record of the batch is finished (acknowledged,
 * or dead-lettered), or when the worker stops or loses the lease; it never throws. This matters:
 * the KCL moves on to the next batch whenever {@code processRecords} returns or throws, so returning
 * early would skip failed records. A record to retry is retried in place after its back-off while
 * the later records of the shard wait behind it (the pipeline holds them back). After each round
 * the checkpoint advances to the highest record below which everything is finished; for a batch
 * listener's {@code BatchResult} that is the record before the lowest failed one, sub-sequence
 * number included (aggregated records).
 *
 * <p>Delivery attempts are counted here, in memory: after a restart or a lease moving to another
 * worker the count starts again at 1 (the KCL keeps no delivery count).
 */
final class KinesisShardProcessor implements ShardRecordProcessor {

	private static final Logger logger = LoggerFactory.getLogger(KinesisShardProcessor.class);

	/** Dead-letter condition names, as Lambda's on-failure records spell them. */
	static final String RETRIES_EXHAUSTED = "RetriesExhausted";

	static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";

	static final String POISON = "NonRetryable";

	/** Error code of records dead-lettered for their age ({@code max-record-age}). */
	static final String MAX_RECORD_AGE = "MAX_RECORD_AGE";

	private final Destination destination;

	private final InboundProcessor processor;

	private final KinesisAcknowledger acknowledger;

	private final Semaphore permits;

	private final KinesisReceiver.Lifecycle lifecycle;

	private final @Nullable Duration maxRecordAge;

	private final int maxBatch;

	private final BiConsumer<String, Long> behindLatest;

	private final Object sleeper = new Object();

	private String shardId = "unknown";

	private volatile boolean leaseLost;

	private volatile boolean unfinished;

	private @Nullable KinesisClientRecord pendingCheckpoint;

	KinesisShardProcessor(Destination destination, InboundProcessor processor, KinesisAcknowledger acknowledger,
			Semaphore permits, KinesisReceiver.Lifecycle lifecycle, @Nullable Duration maxRecordAge, int maxBatch,
			BiConsumer<String, Long> behindLatest) {
		this.destination = destination;
		this.processor = processor;
		this.acknowledger = acknowledger;
		this.permits = permits;
		this.lifecycle = lifecycle;
		this.maxRecordAge = maxRecordAge;
		this.maxBatch = maxBatch;
		this.behindLatest = behindLatest;
	}

	@Override
	public void initialize(InitializationInput input) {
		this.shardId = input.shardId();
		this.lifecycle.register(this);
		logger.debug("kinesis/{} shard {} starts at {}", this.destination.name(), this.shardId,
				input.extendedSequenceNumber());
	}

	@Override
	public void processRecords(ProcessRecordsInput input) {
		try {
			if (input.millisBehindLatest() != null) {
				this.behindLatest.accept(this.shardId, input.millisBehindLatest());
			}
			List<KinesisClientRecord> records = input.records();
			if (!records.isEmpty()) {
				this.unfinished = true;
				process(records, input.checkpointer());
			}
		}
		catch (Throwable ex) {
			// Last line of defence: nothing escapes to the KCL (it would skip the batch). What is not
			// checkpointed is delivered again to whoever holds the lease next.
			logger.error("kinesis/{} shard {}: unexpected failure; unfinished records are delivered again after a restart",
					this.destination.name(), this.shardId, ex);
		}
	}

	private void process(List<KinesisClientRecord> records, RecordProcessorCheckpointer checkpointer) {
		int[] attempts = new int[records.size()];
		java.util.Arrays.fill(attempts, 1);
		int first = 0;
		while (first < records.size()) {
			if (mustStop()) {
				return;
			}
			Duration wait = null;
			int before = first;
			// Records past the destination's max-record-age are dead-lettered unhandled, head first.
			while (first < records.size() && tooOld(records.get(first))) {
				InboundMessage message = message(records.get(first), attempts[first]);
				Duration failed = this.acknowledger.deadLetter(this.shardId, records.get(first), message,
						Outcome.reject(MAX_RECORD_AGE, "record older than max-record-age "
								+ this.maxRecordAge, null),
						RECORD_AGE_EXCEEDED);
				if (failed != null) {
					wait = failed;
					break;
				}
				first++;
			}
			if (wait == null && first < records.size()) {
				int end = (int) Math.min(records.size(), (long) first + this.maxBatch);
				List<InboundMessage> batch = new ArrayList<>(end - first);
				for (int i = first; i < end; i++) {
					batch.add(message(records.get(i), attempts[i]));
				}
				List<Outcome> outcomes = handle(batch);
				for (int j = 0; j < outcomes.size() && wait == null; j++) {
					Outcome outcome = outcomes.get(j);
					int index = first;
					if (outcome instanceof Outcome.Ack) {
						first++;
					}
					else if (outcome instanceof Outcome.Reject reject) {
						String condition = DeadLetterInfo.RETRIES_EXHAUSTED.equals(reject.errorCode())
								? RETRIES_EXHAUSTED : POISON;
						wait = this.acknowledger.deadLetter(this.shardId, records.get(index), batch.get(j), reject,
								condition);
						if (wait == null) {
							first++;
						}
						else {
							attempts[index]++;
						}
					}
					else if (outcome instanceof Outcome.Retry retry) {
						wait = retry.delay();
						attempts[index]++;
					}
				}
			}
			if (first > before) {
				this.pendingCheckpoint = records.get(first - 1);
				if (!checkpoint(checkpointer)) {
					return;
				}
			}
			if (wait != null && first < records.size()) {
				logger.debug("kinesis/{} shard {}: retrying {} in {} ({} records wait behind it)",
						this.destination.name(), this.shardId, records.get(first).sequenceNumber(), wait,
						records.size() - first - 1);
				pause(wait);
			}
		}
		this.unfinished = false;
	}

	private List<Outcome> handle(List<InboundMessage> batch) {
		try {
			this.permits.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return retryAll(batch, ex);
		}
		try {
			List<Outcome> outcomes = this.processor.process(batch);
			if (outcomes.size() != batch.size()) {
				logger.error("kinesis/{} pipeline returned {} outcomes for {} records; retrying them",
						this.destination.name(), outcomes.size(), batch.size());
				return retryAll(batch, null);
			}
			return outcomes;
		}
		catch (RuntimeException ex) {
			logger.error("kinesis/{} pipeline failed on {} records; retrying them", this.destination.name(),
					batch.size(), ex);
			return retryAll(batch, ex);
		}
		finally {
			this.permits.release();
		}
	}

	private static List<Outcome> retryAll(List<InboundMessage> batch, @Nullable Throwable cause) {
		List<Outcome> outcomes = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			outcomes.add(Outcome.retry(KinesisAcknowledger.FAILURE_BACK_OFF, cause));
		}
		return outcomes;
	}

	private boolean checkpoint(RecordProcessorCheckpointer checkpointer) {
		KinesisClientRecord record = this.pendingCheckpoint;
		if (record == null) {
			return true;
		}
		if (!this.acknowledger.checkpoint(this.shardId, checkpointer, record)) {
			this.leaseLost = true;
			return false;
		}
		this.pendingCheckpoint = null;
		return true;
	}

	private boolean tooOld(KinesisClientRecord record) {
		Duration maxAge = this.maxRecordAge;
		Instant arrival = record.approximateArrivalTimestamp();
		return maxAge != null && arrival != null && arrival.plus(maxAge).isBefore(Instant.now());
	}

	private boolean mustStop() {
		return this.leaseLost || this.lifecycle.stopping();
	}

	private void pause(Duration delay) {
		long until = System.nanoTime() + delay.toNanos();
		synchronized (this.sleeper) {
			long left;
			while (!mustStop() && (left = until - System.nanoTime()) > 0) {
				try {
					this.sleeper.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/** Wakes a back-off so that the processor sees the worker stopping. */
	void wake() {
		synchronized (this.sleeper) {
			this.sleeper.notifyAll();
		}
	}

	private InboundMessage message(KinesisClientRecord record, int attempt) {
		ByteBuffer data = record.data().duplicate();
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		KinesisRecordFormat.Decoded decoded = KinesisRecordFormat.decode(bytes);
		Headers headers = decoded.headers();
		String sequenceNumber = record.sequenceNumber();
		String transportId = this.shardId + "@" + sequenceNumber
				+ (record.aggregated() ? "/" + record.subSequenceNumber() : "");
		String id = headers.getOrNull(FerryHeaders.MESSAGE_ID);
		Map<String, String> attributes = Map.of("shardId", this.shardId, "sequenceNumber", sequenceNumber,
				"subSequenceNumber", Long.toString(record.subSequenceNumber()), "partitionKey", record.partitionKey());
		// A record of a dead-letter stream carries Ferry's reason in its header: typed on the message.
		String deadLetter = headers.getOrNull(FerryHeaders.DEAD_LETTER);
		return new InboundMessage(id != null ? id : transportId, transportId, this.destination.name(),
				decoded.payload(), headers, record.partitionKey(), headers.getOrNull(FerryHeaders.DEDUPLICATION_ID),
				this.shardId, attempt, record.approximateArrivalTimestamp(), attributes, DeliveryControl.NONE,
				deadLetter != null ? DeadLetterCodec.decode(deadLetter) : null);
	}

	@Override
	public void leaseLost(LeaseLostInput input) {
		this.leaseLost = true;
		this.lifecycle.unregister(this);
		logger.info("kinesis/{} shard {}: lease lost; the next owner resumes at the last checkpoint",
				this.destination.name(), this.shardId);
	}

	@Override
	public void shardEnded(ShardEndedInput input) {
		this.lifecycle.unregister(this);
		if (this.unfinished) {
			logger.warn("kinesis/{} shard {} ended with records unfinished; not checkpointing its end so they are delivered again",
					this.destination.name(), this.shardId);
			return;
		}
		try {
			// Checkpointing the end lets the KCL start the child shards (parents before children).
			input.checkpointer().checkpoint();
		}
		catch (Exception ex) {
			logger.warn("kinesis/{} shard {}: could not checkpoint the shard end; it is processed again",
					this.destination.name(), this.shardId, ex);
		}
	}

	@Override
	public void shutdownRequested(ShutdownRequestedInput input) {
		this.lifecycle.unregister(this);
		try {
			checkpoint(input.checkpointer());
		}
		catch (RuntimeException ex) {
			logger.warn("kinesis/{} shard {}: final checkpoint failed", this.destination.name(), this.shardId, ex);
		}
	}

}
