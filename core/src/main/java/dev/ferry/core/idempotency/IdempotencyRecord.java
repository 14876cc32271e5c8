package dev.ferry.core.idempotency;

import java.time.Instant;

/**
 * A stored idempotency record.
 *
 * @param key the idempotency key
 * @param status stored status (a store reports a lapsed record as {@link IdempotencyStatus#EXPIRED})
 * @param owner who holds the in-progress lease (a random token per processing attempt)
 * @param expiresAt end of the lease (in progress) or of the record (completed)
 */
public record IdempotencyRecord(String key, IdempotencyStatus status, String owner, Instant expiresAt) {

	/** The status as of {@code now}: a record past its expiry is {@link IdempotencyStatus#EXPIRED}. */
	public IdempotencyStatus statusAt(Instant now) {
		return now.isBefore(this.expiresAt) ? this.status : IdempotencyStatus.EXPIRED;
	}

}
