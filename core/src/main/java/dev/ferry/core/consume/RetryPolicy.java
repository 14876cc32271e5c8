package dev.ferry.core.consume;

import java.time.Duration;

import dev.ferry.core.FerryConfigurationException;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How a consumer retries a failed message: up to {@code maxAttempts} deliveries in all, waiting an
 * exponentially growing, jittered delay between them. The delay itself is computed by Spring's
 * {@link ExponentialBackOff}.
 *
 * @param maxAttempts deliveries before the message is dead-lettered (1 = no retry)
 * @param initialDelay delay before the second attempt
 * @param multiplier growth of the delay per attempt
 * @param maxDelay cap of the delay
 * @param jitter random deviation applied to each delay, as a fraction of it (0 to 1)
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay,
		double jitter) {

	private static final RetryPolicy DEFAULTS = new RetryPolicy(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5),
			0.2);

	public RetryPolicy {
		if (maxAttempts < 1) {
			throw new FerryConfigurationException("retry max-attempts must be at least 1, was " + maxAttempts);
		}
		if (initialDelay.isNegative()) {
			throw new FerryConfigurationException("retry initial-delay must not be negative");
		}
		if (multiplier < 1.0) {
			throw new FerryConfigurationException("retry multiplier must be at least 1.0, was " + multiplier);
		}
		if (maxDelay.compareTo(initialDelay) < 0) {
			throw new FerryConfigurationException("retry max-delay must not be below initial-delay");
		}
		if (jitter < 0 || jitter > 1) {
			throw new FerryConfigurationException("retry jitter must be between 0 and 1, was " + jitter);
		}
	}

	/** 5 attempts, 1 s doubling to at most 5 min, 20 % jitter. */
	public static RetryPolicy defaults() {
		return DEFAULTS;
	}

	public static RetryPolicy noRetry() {
		return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0);
	}

	/** Whether another delivery is allowed after {@code attempt} failed. */
	public boolean canRetryAfter(int attempt) {
		return attempt < this.maxAttempts;
	}

	/** Delay to wait after the given (1-based) attempt failed. */
	public Duration delayAfter(int attempt) {
		ExponentialBackOff backOff = new ExponentialBackOff(Math.max(this.initialDelay.toMillis(), 0), this.multiplier);
		backOff.setMaxInterval(this.maxDelay.toMillis());
		backOff.setJitter((long) (this.initialDelay.toMillis() * this.jitter));
		BackOffExecution execution = backOff.start();
		long delay = 0;
		for (int i = 0; i < Math.max(attempt, 1); i++) {
			delay = execution.nextBackOff();
		}
		long capped = Math.min(Math.max(delay, 0), this.maxDelay.toMillis());
		return Duration.ofMillis(capped);
	}

	public RetryPolicy withMaxAttempts(int maxAttempts) {
		return new RetryPolicy(maxAttempts, this.initialDelay, this.multiplier, this.maxDelay, this.jitter);
	}

}
