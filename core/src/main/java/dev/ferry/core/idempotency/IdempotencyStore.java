package dev.ferry.core.idempotency;

import java.time.Duration;
import java.util.Optional;

/**
 * Remembers which messages were handled so duplicates run the handler body once. Every operation
 * is atomic per key: of any number of concurrent {@link #acquire} calls for a free key exactly one
 * gets {@link AcquireResult.Decision#ACQUIRED}.
 *
 * <p>Life of a key: acquire (IN_PROGRESS with a lease) → renew while the handler runs → complete
 * (COMPLETED with a time to live) or release (deleted, so a retry can acquire it). A lease that
 * lapses because its consumer crashed frees the key (EXPIRED), so no key is blocked forever.
 */
public interface IdempotencyStore {

	/**
	 * Claims the key for {@code owner} for {@code lease}, unless it is held or completed.
	 */
	AcquireResult acquire(String key, String owner, Duration lease);

	/**
	 * Extends the lease held by {@code owner}.
	 * @return false when the owner no longer holds the key (the lease lapsed and another took it)
	 */
	boolean renew(String key, String owner, Duration lease);

	/** Marks the key completed by {@code owner}; duplicates are suppressed for {@code ttl}. */
	void complete(String key, String owner, Duration ttl);

	/** Frees the key held by {@code owner} (the handler failed and the message will be retried). */
	void release(String key, String owner);

	/** The record for the key, if one is stored. */
	Optional<IdempotencyRecord> find(String key);

}
