package dev.ferry.core.idempotency;

import java.time.Instant;

/**
 * Answer of {@link IdempotencyStore#acquire}.
 *
 * @param decision what the caller should do
 * @param until end of the lease (acquired or held by another) or of the completed record
 */
public record AcquireResult(Decision decision, Instant until) {

	/** What {@link IdempotencyStore#acquire} decided. */
	public enum Decision {

		/** The caller now holds the key and must run the handler, then complete or release. */
		ACQUIRED,
		/** Another consumer is running the handler for this key; try again later. */
		IN_PROGRESS,
		/** Already handled: skip. */
		COMPLETED

	}

}
