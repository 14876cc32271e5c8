package dev.ferry.transport.eventbridge;

import java.time.Duration;
import java.util.Objects;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.transport.SendCoalescer;

/**
 * Immutable runtime settings of the EventBridge adapter, validated when built. Every value has a
 * default; AWS limits come from {@link EventBridgeLimits}, Ferry's own policy values are documented
 * here.
 *
 * @param maxRequestBytes size limit of one PutEvents request, counted by AWS's entry-size rule; a
 * single event larger than this is rejected before sending ({@code ferry.eventbridge.max-request-size})
 * @param sendAttempts attempts per entry when PutEvents fails it with a retryable code
 * ({@code ThrottlingException}, {@code InternalFailure}) or fails the whole request retryably
 * @param sendRetryDelay pause before the first re-send; doubled for every further attempt
 * @param maxSendRetryDelay longest pause between two attempts
 * @param targetMaxRetryAttempts MaximumRetryAttempts of the RetryPolicy Ferry gives the rule targets
 * it provisions, and the most the hardening rule accepts without a warning
 * @param targetMaxEventAge MaximumEventAgeInSeconds of that RetryPolicy
 * @param publishBatchWindow how long small concurrent publishes to one destination wait for each
 * other to share a PutEvents request ({@code ferry.eventbridge.publish.batch-window}; zero sends
 * every call at once)
 */
public record EventBridgeOptions(long maxRequestBytes, int sendAttempts, Duration sendRetryDelay,
		Duration maxSendRetryDelay, int targetMaxRetryAttempts, Duration targetMaxEventAge,
		Duration publishBatchWindow) {

	/** Default of {@code ferry.eventbridge.publish.batch-window}: {@link SendCoalescer#DEFAULT_WINDOW}. */
	public static final Duration DEFAULT_PUBLISH_BATCH_WINDOW = SendCoalescer.DEFAULT_WINDOW;

	public EventBridgeOptions {
		Objects.requireNonNull(sendRetryDelay, "sendRetryDelay");
		Objects.requireNonNull(maxSendRetryDelay, "maxSendRetryDelay");
		Objects.requireNonNull(targetMaxEventAge, "targetMaxEventAge");
		SendCoalescer.checkWindow(publishBatchWindow, "ferry.eventbridge.publish.batch-window");
		if (maxRequestBytes < 1) {
			throw new FerryConfigurationException(
					"ferry.eventbridge.max-request-size must be positive, was " + maxRequestBytes);
		}
		if (sendAttempts < 1) {
			throw new FerryConfigurationException("ferry.eventbridge.send-attempts must be at least 1, was " + sendAttempts);
		}
		if (sendRetryDelay.isNegative() || maxSendRetryDelay.compareTo(sendRetryDelay) < 0) {
			throw new FerryConfigurationException("ferry.eventbridge.send-retry-delay must not be negative nor exceed "
					+ "ferry.eventbridge.max-send-retry-delay, were " + sendRetryDelay + " and " + maxSendRetryDelay);
		}
		if (targetMaxRetryAttempts < 0 || targetMaxRetryAttempts > EventBridgeLimits.MAX_RETRY_ATTEMPTS) {
			throw new FerryConfigurationException("ferry.eventbridge.target-max-retry-attempts must be between 0 and "
					+ EventBridgeLimits.MAX_RETRY_ATTEMPTS + ", was " + targetMaxRetryAttempts);
		}
		if (targetMaxEventAge.compareTo(EventBridgeLimits.MIN_EVENT_AGE) < 0
				|| targetMaxEventAge.compareTo(EventBridgeLimits.MAX_EVENT_AGE) > 0) {
			throw new FerryConfigurationException("ferry.eventbridge.target-max-event-age must be between "
					+ EventBridgeLimits.MIN_EVENT_AGE + " and " + EventBridgeLimits.MAX_EVENT_AGE + ", was "
					+ targetMaxEventAge);
		}
	}

	/**
	 * {@link EventBridgeLimits#MAX_REQUEST_BYTES}, 4 send attempts with back-off from 100 ms up to 2 s,
	 * and a target retry policy of 20 attempts within 1 hour: AWS's defaults (185 attempts, 24 h) keep
	 * an undeliverable event away from its dead-letter queue for a day (Ferry policy).
	 */
	public static EventBridgeOptions defaults() {
		return new EventBridgeOptions(EventBridgeLimits.MAX_REQUEST_BYTES, 4, Duration.ofMillis(100),
				Duration.ofSeconds(2), 20, Duration.ofHours(1), DEFAULT_PUBLISH_BATCH_WINDOW);
	}

	public EventBridgeOptions withMaxRequestBytes(long maxRequestBytes) {
		return new EventBridgeOptions(maxRequestBytes, this.sendAttempts, this.sendRetryDelay, this.maxSendRetryDelay,
				this.targetMaxRetryAttempts, this.targetMaxEventAge, this.publishBatchWindow);
	}

	public EventBridgeOptions withSendAttempts(int sendAttempts, Duration sendRetryDelay, Duration maxSendRetryDelay) {
		return new EventBridgeOptions(this.maxRequestBytes, sendAttempts, sendRetryDelay, maxSendRetryDelay,
				this.targetMaxRetryAttempts, this.targetMaxEventAge, this.publishBatchWindow);
	}

	public EventBridgeOptions withTargetRetryPolicy(int maxRetryAttempts, Duration maxEventAge) {
		return new EventBridgeOptions(this.maxRequestBytes, this.sendAttempts, this.sendRetryDelay,
				this.maxSendRetryDelay, maxRetryAttempts, maxEventAge, this.publishBatchWindow);
	}

	/** Same options with another publish batch window ({@link Duration#ZERO} sends every call at once). */
	public EventBridgeOptions withPublishBatchWindow(Duration publishBatchWindow) {
		return new EventBridgeOptions(this.maxRequestBytes, this.sendAttempts, this.sendRetryDelay,
				this.maxSendRetryDelay, this.targetMaxRetryAttempts, this.targetMaxEventAge, publishBatchWindow);
	}

	/** Pause before attempt {@code attempt + 1}: the initial delay doubled per attempt, capped. */
	Duration retryDelay(int attempt) {
		long millis = this.sendRetryDelay.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
		return Duration.ofMillis(Math.min(millis, this.maxSendRetryDelay.toMillis()));
	}

}
