package dev.ferry.core.idempotency;

import java.time.Duration;

import dev.ferry.core.FerryConfigurationException;

/**
 * Idempotency for the consumers of a destination.
 *
 * @param enabled whether duplicates are suppressed
 * @param recordTtl how long a completed key suppresses duplicates
 * @param lease how long an in-progress key is held without renewal; the heartbeat renews it while
 * the handler runs, so it only bounds how long a crashed consumer blocks the key
 */
public record IdempotencySettings(boolean enabled, Duration recordTtl, Duration lease) {

	/** Shortest lease accepted: a lease must outlive the heartbeat that renews it. */
	public static final Duration MINIMUM_LEASE = Duration.ofMillis(100);

	private static final IdempotencySettings DEFAULTS = new IdempotencySettings(true, Duration.ofHours(1),
			Duration.ofMinutes(1));

	public IdempotencySettings {
		if (recordTtl.isNegative() || recordTtl.isZero()) {
			throw new FerryConfigurationException("idempotency record-ttl must be positive, was " + recordTtl);
		}
		if (lease.compareTo(MINIMUM_LEASE) < 0) {
			throw new FerryConfigurationException("idempotency lease must be at least 100ms, was " + lease);
		}
	}

	/** Enabled, 1 hour record time to live, 1 minute lease. */
	public static IdempotencySettings defaults() {
		return DEFAULTS;
	}

	public IdempotencySettings withEnabled(boolean enabled) {
		return new IdempotencySettings(enabled, this.recordTtl, this.lease);
	}

}
