package dev.ferry.core.outbox;

import java.time.Duration;

import dev.ferry.core.FerryConfigurationException;

/**
 * How the outbox relay works.
 *
 * @param batchSize most entries one relay round takes (and so holds locked while it sends them)
 * @param pollInterval how long the relay waits for new entries when a round found fewer than
 * {@code batchSize}; a commit of this instance wakes it earlier, so this bounds the delay of
 * entries committed by other instances or left behind by a crash
 * @param sendTimeout longest wait for the transport to answer one round's sends; entries not
 * answered in time stay in the outbox for a later round
 */
public record OutboxOptions(int batchSize, Duration pollInterval, Duration sendTimeout) {

	private static final OutboxOptions DEFAULTS = new OutboxOptions(100, Duration.ofSeconds(1), Duration.ofSeconds(30));

	public OutboxOptions {
		if (batchSize < 1 || batchSize > 10_000) {
			throw new FerryConfigurationException("outbox batch-size must be between 1 and 10000, was " + batchSize);
		}
		if (pollInterval.toMillis() < 10) {
			throw new FerryConfigurationException("outbox poll-interval must be at least 10ms, was " + pollInterval);
		}
		if (sendTimeout.toMillis() < 100) {
			throw new FerryConfigurationException("outbox send-timeout must be at least 100ms, was " + sendTimeout);
		}
	}

	/** Rounds of 100 entries, a 1 second poll interval, a 30 second send timeout. */
	public static OutboxOptions defaults() {
		return DEFAULTS;
	}

}
