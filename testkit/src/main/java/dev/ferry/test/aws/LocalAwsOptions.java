package dev.ferry.test.aws;

import java.time.Duration;

/**
 * Immutable settings of {@link LocalAws}, validated on construction.
 *
 * @param retryDelay the pause between delivery retries. AWS waits 20 s between the three default
 * HTTP/S retries (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html) and
 * backs off for up to 24 h for EventBridge targets
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html); the
 * stand-ins keep the attempt counts but compress time to this delay so tests stay fast
 * @param enforceEndpointQueuePolicies whether the subscribed queue or target queue itself must
 * allow the service principal, as in AWS
 * (https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html). Off by default so
 * that local development does not need queue policies; dead-letter queue policies are always checked
 */
public record LocalAwsOptions(Duration retryDelay, boolean enforceEndpointQueuePolicies) {

	/** Default pause between delivery retries in the stand-ins (not an AWS value; see above). */
	public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(50);

	/**
	 * Validates the settings.
	 */
	public LocalAwsOptions {
		if (retryDelay.isNegative()) {
			throw new IllegalArgumentException("retryDelay must not be negative but was " + retryDelay);
		}
	}

	/** @return the defaults: a 50 ms retry delay, endpoint queue policies not enforced */
	public static LocalAwsOptions defaults() {
		return new LocalAwsOptions(DEFAULT_RETRY_DELAY, false);
	}

	/**
	 * @param delay the new retry delay
	 * @return a copy with that retry delay
	 */
	public LocalAwsOptions withRetryDelay(Duration delay) {
		return new LocalAwsOptions(delay, this.enforceEndpointQueuePolicies);
	}

	/**
	 * @param enforce whether to enforce endpoint queue policies
	 * @return a copy with that setting
	 */
	public LocalAwsOptions withEnforceEndpointQueuePolicies(boolean enforce) {
		return new LocalAwsOptions(this.retryDelay, enforce);
	}

}
