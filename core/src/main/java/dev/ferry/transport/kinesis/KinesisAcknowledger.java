package dev.ferry.transport.kinesis;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Transport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * Applies outcomes the Kinesis way: Ack and Reject move the shard's checkpoint (a rejected record
 * first goes to the dead-letter destination), Retry holds the checkpoint where it is.
 *
 * <p>Kinesis has no dead-letter queue, so Ferry sends rejected records, as Lambda does for its
 * on-failure destination, to a dead-letter destination: a Ferry destination on any transport (an SQS
 * queue, an SNS topic, another stream), sent through that transport's {@link Transport#send}. The
 * message keeps its id, headers and payload; the {@link FerryHeaders#DEAD_LETTER} header carries a
 * {@link DeadLetterInfo} whose details follow Lambda's on-failure record: {@code streamArn},
 * {@code shardId}, {@code sequenceNumber}, {@code subSequenceNumber},
 * {@code approximateArrivalTimestamp}, {@code partitionKey}, {@code condition} and
 * {@code applicationName}.
 */
final class KinesisAcknowledger {

	private static final Logger logger = LoggerFactory.getLogger(KinesisAcknowledger.class);

	/** How long a dead-letter send may take before the record is retried instead. */
	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

	/** Back-off after a failed dead-letter send or checkpoint. */
	static final Duration FAILURE_BACK_OFF = Duration.ofSeconds(1);

	private final Destination destination;

	private final String streamArn;

	private final String applicationName;

	private final @Nullable DeadLetterTarget target;

	KinesisAcknowledger(Destination destination, String streamArn, String applicationName,
			@Nullable DeadLetterTarget target) {
		this.destination = destination;
		this.streamArn = streamArn;
		this.applicationName = applicationName;
		this.target = target;
	}

	/**
	 * Sends a rejected record to the dead-letter destination.
	 * @return null when it is there (the checkpoint may pass it), else how long to wait before
	 * retrying the record in place (the send failed, or dead-lettering is off: never drop)
	 */
	@Nullable Duration deadLetter(String shardId, KinesisClientRecord record, InboundMessage message,
			Outcome.Reject reject, String condition) {
		if (this.target == null) {
			logger.warn("kinesis/{}#{} rejected ({}) but dead-lettering is disabled; retrying it",
					this.destination.name(), message.id(), reject.errorCode());
			return this.destination.retry().maxDelay();
		}
		Throwable cause = reject.cause();
		Map<String, String> details = new LinkedHashMap<>();
		details.put("streamArn", this.streamArn);
		details.put("shardId", shardId);
		details.put("sequenceNumber", record.sequenceNumber());
		details.put("subSequenceNumber", Long.toString(record.subSequenceNumber()));
		if (record.approximateArrivalTimestamp() != null) {
			details.put("approximateArrivalTimestamp", record.approximateArrivalTimestamp().toString());
		}
		details.put("partitionKey", record.partitionKey());
		details.put("condition", condition);
		details.put("applicationName", this.applicationName);
		DeadLetterInfo info = new DeadLetterInfo(reject.reason(), reject.errorCode(),
				cause != null ? cause.getClass().getName() : null, cause != null ? cause.getMessage() : null,
				this.streamArn, message.id(), message.attempt(), Instant.now(), details);
		EncodedMessage copy = new EncodedMessage(message.id(), message.body(),
				message.headers().with(FerryHeaders.DEAD_LETTER, DeadLetterCodec.encode(info)), message.key(), null,
				Duration.ZERO);
		try {
			List<SendResult> results = this.target.transport()
				.send(this.target.destination(), List.of(copy))
				.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (!results.isEmpty() && results.get(0) instanceof SendResult.Accepted) {
				logger.info("kinesis/{}#{} dead-lettered to {}/{} ({})", this.destination.name(), message.id(),
						this.target.transport().name(), this.target.destination().resource(), reject.errorCode());
				return null;
			}
			logger.error("kinesis/{}#{} could not be dead-lettered to {}: {}; retrying it", this.destination.name(),
					message.id(), this.target.destination().resource(), results);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.error("kinesis/{}#{} could not be dead-lettered to {}; retrying it", this.destination.name(),
					message.id(), this.target.destination().resource(), ex);
		}
		return FAILURE_BACK_OFF;
	}

	/**
	 * Checkpoints at the record (everything up to and including it is finished).
	 * @return whether the shard may go on: false when the lease is lost or the worker shuts down
	 */
	boolean checkpoint(String shardId, RecordProcessorCheckpointer checkpointer, KinesisClientRecord record) {
		try {
			checkpointer.checkpoint(record.sequenceNumber(), record.subSequenceNumber());
			return true;
		}
		catch (ShutdownException ex) {
			logger.info("kinesis/{} shard {}: lease lost before checkpointing {}; the next owner resumes there",
					this.destination.name(), shardId, record.sequenceNumber());
			return false;
		}
		catch (ThrottlingException | KinesisClientLibDependencyException ex) {
			// The checkpoint only lags: the next one covers this record too.
			logger.warn("kinesis/{} shard {}: checkpoint at {} failed ({}); a later checkpoint covers it",
					this.destination.name(), shardId, record.sequenceNumber(), ex.toString());
			return true;
		}
		catch (InvalidStateException | IllegalArgumentException ex) {
			logger.error("kinesis/{} shard {}: checkpoint at {} refused", this.destination.name(), shardId,
					record.sequenceNumber(), ex);
			return true;
		}
	}

	/**
	 * Where a destination's rejected records go.
	 * @param transport the transport that carries the dead-letter destination
	 * @param destination the dead-letter destination
	 */
	record DeadLetterTarget(Transport transport, Destination destination) {
	}

}
