package dev.ferry.transport.sqs;

import java.time.Duration;
import java.util.Objects;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.transport.SendCoalescer;

/**
 * Immutable runtime settings of the SQS adapter, validated when built. Every value has a default;
 * AWS limits come from {@link SqsLimits}, Ferry's own policy values are documented here.
 *
 * @param maxMessageBytes size limit checked before sending (body plus attributes)
 * @param sendAttempts attempts per message when SQS reports a retryable per-entry failure
 * @param sendRetryDelay pause before re-sending retryable failed entries
 * @param visibilityMargin what the visibility timeout must exceed the processing timeout by
 * (hardening rule and provisioning); also the head start the heartbeat needs
 * @param defaultProcessingTimeout processing timeout assumed for a destination before a listener
 * on it says otherwise
 * @param minSaneReceiveCount smallest redrive {@code maxReceiveCount} the hardening rule accepts:
 * lower values dead-letter on one transient failure (Ferry policy, not an AWS number)
 * @param maxSaneReceiveCount largest one it accepts: higher values let poison messages cycle for long
 * (Ferry policy)
 * @param provisionRetention message retention of queues Ferry creates
 * @param provisionDeadLetterRetention retention of dead-letter queues Ferry creates (longer than the
 * source's, because a standard queue keeps the enqueue time when a message moves)
 * @param publishBatchWindow how long small concurrent publishes to one standard queue wait for each
 * other to share a SendMessageBatch; zero sends each call at once
 * @param receiveFillWait how long a single-message listener's poll, once one worker is free, waits
 * for more workers to free up so that one ReceiveMessage fetches a message for each; it stops
 * waiting as soon as no worker has finished for half of it; zero receives for the free workers at once
 * @param deleteWindow how long a handled message's delete waits for others to share its
 * DeleteMessageBatch request (sent at once when ten are waiting); zero deletes each at once
 */
public record SqsOptions(long maxMessageBytes, int sendAttempts, Duration sendRetryDelay, Duration visibilityMargin,
		Duration defaultProcessingTimeout, int minSaneReceiveCount, int maxSaneReceiveCount,
		Duration provisionRetention, Duration provisionDeadLetterRetention, Duration publishBatchWindow,
		Duration receiveFillWait, Duration deleteWindow) {

	/** Default of {@code ferry.sqs.publish.batch-window}: {@link SendCoalescer#DEFAULT_WINDOW}. */
	public static final Duration DEFAULT_PUBLISH_BATCH_WINDOW = SendCoalescer.DEFAULT_WINDOW;

	/**
	 * Default of {@code ferry.sqs.receive.fill-wait} (Ferry's choice: long enough for workers that finish
	 * one after another within a few ms to share one receive, short enough that a slow handler holds up
	 * the next receive by 10 ms, not more).
	 */
	public static final Duration DEFAULT_RECEIVE_FILL_WAIT = Duration.ofMillis(20);

	/**
	 * Default of {@code ferry.sqs.receive.delete-window} (Ferry's choice: a handled message is deleted
	 * at most this much later; only a crash within that time delivers it again).
	 */
	public static final Duration DEFAULT_DELETE_WINDOW = Duration.ofMillis(50);

	public SqsOptions {
		Objects.requireNonNull(receiveFillWait, "receiveFillWait");
		Objects.requireNonNull(deleteWindow, "deleteWindow");
		if (receiveFillWait.isNegative() || receiveFillWait.compareTo(Duration.ofSeconds(1)) > 0) {
			throw new FerryConfigurationException(
					"ferry.sqs.receive.fill-wait must be between 0 (off) and 1s, was " + receiveFillWait);
		}
		if (deleteWindow.isNegative() || deleteWindow.compareTo(Duration.ofSeconds(1)) > 0) {
			throw new FerryConfigurationException(
					"ferry.sqs.receive.delete-window must be between 0 (off) and 1s, was " + deleteWindow);
		}
		SendCoalescer.checkWindow(publishBatchWindow, "ferry.sqs.publish.batch-window");
		Objects.requireNonNull(sendRetryDelay, "sendRetryDelay");
		Objects.requireNonNull(visibilityMargin, "visibilityMargin");
		Objects.requireNonNull(defaultProcessingTimeout, "defaultProcessingTimeout");
		Objects.requireNonNull(provisionRetention, "provisionRetention");
		Objects.requireNonNull(provisionDeadLetterRetention, "provisionDeadLetterRetention");
		if (maxMessageBytes < 1 || maxMessageBytes > SqsLimits.MAX_MESSAGE_BYTES) {
			throw new FerryConfigurationException("ferry.sqs.max-message-size must be between 1 and "
					+ SqsLimits.MAX_MESSAGE_BYTES + " bytes, was " + maxMessageBytes);
		}
		if (sendAttempts < 1) {
			throw new FerryConfigurationException("ferry.sqs.send-attempts must be at least 1, was " + sendAttempts);
		}
		if (sendRetryDelay.isNegative()) {
			throw new FerryConfigurationException("ferry.sqs.send-retry-delay must not be negative");
		}
		if (visibilityMargin.isNegative()) {
			throw new FerryConfigurationException("ferry.sqs.visibility-margin must not be negative");
		}
		if (defaultProcessingTimeout.isNegative() || defaultProcessingTimeout.isZero()) {
			throw new FerryConfigurationException("ferry.sqs.default-processing-timeout must be positive");
		}
		if (minSaneReceiveCount < 1 || maxSaneReceiveCount > SqsLimits.MAX_RECEIVE_COUNT
				|| minSaneReceiveCount > maxSaneReceiveCount) {
			throw new FerryConfigurationException("ferry.sqs.min-receive-count and max-receive-count must satisfy 1 <= min <= max <= "
					+ SqsLimits.MAX_RECEIVE_COUNT + ", were " + minSaneReceiveCount + " and " + maxSaneReceiveCount);
		}
		if (provisionRetention.compareTo(SqsLimits.MAX_RETENTION) > 0
				|| provisionDeadLetterRetention.compareTo(SqsLimits.MAX_RETENTION) > 0) {
			throw new FerryConfigurationException("ferry.sqs.retention and dead-letter-retention must not exceed " + SqsLimits.MAX_RETENTION);
		}
	}

	/**
	 * 1 MiB, 3 send attempts 100 ms apart, 10 s visibility margin, 30 s processing timeout, receive
	 * count 3-50, retention 4 days (AWS's default) and 14 days (AWS's maximum) for dead letters, 5 ms
	 * publish batch window, 20 ms receive fill wait, 50 ms delete window.
	 */
	public static SqsOptions defaults() {
		return new SqsOptions(SqsLimits.MAX_MESSAGE_BYTES, 3, Duration.ofMillis(100), Duration.ofSeconds(10),
				Duration.ofSeconds(30), 3, 50, Duration.ofDays(4), SqsLimits.MAX_RETENTION, DEFAULT_PUBLISH_BATCH_WINDOW,
				DEFAULT_RECEIVE_FILL_WAIT, DEFAULT_DELETE_WINDOW);
	}

	public SqsOptions withMaxMessageBytes(long maxMessageBytes) {
		return new SqsOptions(maxMessageBytes, this.sendAttempts, this.sendRetryDelay, this.visibilityMargin,
				this.defaultProcessingTimeout, this.minSaneReceiveCount, this.maxSaneReceiveCount,
				this.provisionRetention, this.provisionDeadLetterRetention, this.publishBatchWindow, this.receiveFillWait, this.deleteWindow);
	}

	public SqsOptions withSendAttempts(int sendAttempts, Duration sendRetryDelay) {
		return new SqsOptions(this.maxMessageBytes, sendAttempts, sendRetryDelay, this.visibilityMargin,
				this.defaultProcessingTimeout, this.minSaneReceiveCount, this.maxSaneReceiveCount,
				this.provisionRetention, this.provisionDeadLetterRetention, this.publishBatchWindow, this.receiveFillWait, this.deleteWindow);
	}

	public SqsOptions withVisibility(Duration visibilityMargin, Duration defaultProcessingTimeout) {
		return new SqsOptions(this.maxMessageBytes, this.sendAttempts, this.sendRetryDelay, visibilityMargin,
				defaultProcessingTimeout, this.minSaneReceiveCount, this.maxSaneReceiveCount,
				this.provisionRetention, this.provisionDeadLetterRetention, this.publishBatchWindow, this.receiveFillWait, this.deleteWindow);
	}

	public SqsOptions withSaneReceiveCount(int min, int max) {
		return new SqsOptions(this.maxMessageBytes, this.sendAttempts, this.sendRetryDelay, this.visibilityMargin,
				this.defaultProcessingTimeout, min, max, this.provisionRetention, this.provisionDeadLetterRetention, this.publishBatchWindow, this.receiveFillWait, this.deleteWindow);
	}

	public SqsOptions withProvisionRetention(Duration retention, Duration deadLetterRetention) {
		return new SqsOptions(this.maxMessageBytes, this.sendAttempts, this.sendRetryDelay, this.visibilityMargin,
				this.defaultProcessingTimeout, this.minSaneReceiveCount, this.maxSaneReceiveCount, retention,
				deadLetterRetention, this.publishBatchWindow, this.receiveFillWait, this.deleteWindow);
	}

	/** Same options with another publish batch window ({@link Duration#ZERO} sends every call at once). */
	public SqsOptions withPublishBatchWindow(Duration publishBatchWindow) {
		return new SqsOptions(this.maxMessageBytes, this.sendAttempts, this.sendRetryDelay, this.visibilityMargin,
				this.defaultProcessingTimeout, this.minSaneReceiveCount, this.maxSaneReceiveCount,
				this.provisionRetention, this.provisionDeadLetterRetention, publishBatchWindow, this.receiveFillWait,
				this.deleteWindow);
	}

	/**
	 * Same options with other receive batching: {@code fillWait} for {@code ferry.sqs.receive.fill-wait},
	 * {@code deleteWindow} for {@code ferry.sqs.receive.delete-window} ({@link Duration#ZERO} turns either off).
	 */
	public SqsOptions withReceiveBatching(Duration fillWait, Duration deleteWindow) {
		return new SqsOptions(this.maxMessageBytes, this.sendAttempts, this.sendRetryDelay, this.visibilityMargin,
				this.defaultProcessingTimeout, this.minSaneReceiveCount, this.maxSaneReceiveCount,
				this.provisionRetention, this.provisionDeadLetterRetention, this.publishBatchWindow, fillWait,
				deleteWindow);
	}

}
