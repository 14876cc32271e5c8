package dev.ferry.core.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link IdempotencyStore} in this JVM's memory. Good for a single instance and for tests; use a
 * shared store (JDBC, DynamoDB) across instances.
 *
 * <p>It sits on every message's path (an acquire and a complete per message), so it is built for
 * that path rather than on a general cache: a {@link ConcurrentHashMap} whose {@code compute} gives
 * the atomicity, and two first-in-first-out expiry queues — one for leases, one for completed
 * records. Every record of one queue has the same kind of time to live, so the queue is (nearly)
 * in expiry order and the caller's thread drops what lapsed by looking at the heads only. The
 * general-purpose alternative (Caffeine with per-entry variable expiry and size-based eviction) was
 * measured here at about 1.9 µs per message against a goal of 0.5 µs: its timer wheel and frequency
 * sketch do work this access pattern does not need.
 *
 * <p>Bounds: at most {@code maximumSize} completed records are kept; beyond it the oldest are
 * dropped first (the least likely to see a duplicate). A lapsed record stays readable as EXPIRED
 * for a short grace before it is dropped.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

	/**
	 * Completed keys kept by default. Measured at about 235 bytes of heap per key held (a UUID
	 * message id, the map node, the record and its queue node), so the bound is what the store may
	 * cost: 100,000 keys about 25 MB. A bound of 1,000,000 (235 MB) was the default before; besides
	 * the heap it made every message slower, the collector copying and scanning a million live
	 * records. Services that need a longer memory of message ids use a shared store (JDBC,
	 * DynamoDB), which they need anyway once there is more than one instance.
	 */
	public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

	/** How long a lapsed record stays visible as EXPIRED before it is dropped. */
	private static final long GRACE_MILLIS = 1_000;

	/** Most expired heads one call drops, so no caller pays for a long backlog at once. */
	private static final int SWEEP_BATCH = 8;

	private final ConcurrentHashMap<String, Stored> records = new ConcurrentHashMap<>();

	private final ExpiryQueue leases = new ExpiryQueue();

	private final ExpiryQueue completed = new ExpiryQueue();

	private final Clock clock;

	private final long maximumSize;

	public InMemoryIdempotencyStore() {
		this(Clock.systemUTC(), DEFAULT_MAXIMUM_SIZE);
	}

	/**
	 * @param clock time source (tests move it)
	 * @param maximumSize most completed keys kept; beyond it the oldest are dropped
	 */
	public InMemoryIdempotencyStore(Clock clock, long maximumSize) {
		if (maximumSize < 1) {
			throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
		}
		this.clock = clock;
		this.maximumSize = maximumSize;
	}

	@Override
	public AcquireResult acquire(String key, String owner, Duration lease) {
		long now = this.clock.millis();
		Stored fresh = new Stored(key, owner, IdempotencyStatus.IN_PROGRESS, now + lease.toMillis());
		Stored current = this.records.compute(key,
				(k, existing) -> existing != null && existing.statusAt(now) != IdempotencyStatus.EXPIRED ? existing
						: fresh);
		if (current == fresh) {
			this.leases.add(fresh);
			sweep(now);
			return new AcquireResult(AcquireResult.Decision.ACQUIRED, Instant.ofEpochMilli(fresh.expiresAt));
		}
		AcquireResult.Decision decision = current.status == IdempotencyStatus.COMPLETED
				? AcquireResult.Decision.COMPLETED : AcquireResult.Decision.IN_PROGRESS;
		return new AcquireResult(decision, Instant.ofEpochMilli(current.expiresAt));
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		long now = this.clock.millis();
		Stored renewed = this.records.computeIfPresent(key,
				(k, existing) -> existing.heldBy(owner, now)
						? new Stored(key, owner, IdempotencyStatus.IN_PROGRESS, now + lease.toMillis()) : existing);
		if (renewed != null && renewed.heldBy(owner, now)) {
			this.leases.add(renewed);
			return true;
		}
		return false;
	}

	@Override
	public void complete(String key, String owner, Duration ttl) {
		long now = this.clock.millis();
		Stored done = new Stored(key, owner, IdempotencyStatus.COMPLETED, now + ttl.toMillis());
		Stored current = this.records.compute(key, (k, existing) -> {
			if (existing != null && !existing.owner.equals(owner) && existing.statusAt(now) != IdempotencyStatus.EXPIRED) {
				// Another consumer took the key after our lease lapsed; its record wins.
				return existing;
			}
			return done;
		});
		if (current == done) {
			this.completed.add(done);
		}
	}

	@Override
	public void release(String key, String owner) {
		this.records.computeIfPresent(key,
				(k, existing) -> existing.owner.equals(owner) && existing.status == IdempotencyStatus.IN_PROGRESS ? null
						: existing);
	}

	@Override
	public Optional<IdempotencyRecord> find(String key) {
		long now = this.clock.millis();
		Stored stored = this.records.get(key);
		if (stored == null) {
			return Optional.empty();
		}
		return Optional.of(new IdempotencyRecord(key, stored.statusAt(now), stored.owner,
				Instant.ofEpochMilli(stored.expiresAt)));
	}

	/** Leases waiting in the lease queue, completed ones not yet dropped included (for tests). */
	long queuedLeases() {
		return this.leases.count();
	}

	/** Records held now, lapsed ones not yet dropped included (for tests and metrics). */
	public long size() {
		return this.records.mappingCount();
	}

	/**
	 * Drops lapsed heads of both queues, and the oldest completed records beyond the size bound. A
	 * queue entry whose record was replaced since (renewed, completed, taken over) only leaves the
	 * queue: {@code remove(key, value)} removes a record only if it is still that same one.
	 */
	private void sweep(long now) {
		this.leases.dropLapsed(now, this.records);
		this.completed.dropLapsed(now, this.records);
		int evicted = 0;
		while (this.completed.count() > this.maximumSize && evicted++ < SWEEP_BATCH) {
			this.completed.dropHead(this.records);
		}
	}

	/** What the store holds per key; identity matters (see {@link #sweep}). */
	private static final class Stored {

		final String key;

		final String owner;

		final IdempotencyStatus status;

		final long expiresAt;

		Stored(String key, String owner, IdempotencyStatus status, long expiresAt) {
			this.key = key;
			this.owner = owner;
			this.status = status;
			this.expiresAt = expiresAt;
		}

		IdempotencyStatus statusAt(long now) {
			return now < this.expiresAt ? this.status : IdempotencyStatus.EXPIRED;
		}

		boolean heldBy(String candidate, long now) {
			return this.owner.equals(candidate) && statusAt(now) == IdempotencyStatus.IN_PROGRESS;
		}

	}

	/** Records in the order they were written, with a count (the queue's own size() is linear). */
	private static final class ExpiryQueue {

		private final ConcurrentLinkedQueue<Stored> queue = new ConcurrentLinkedQueue<>();

		private final AtomicLong count = new AtomicLong();

		void add(Stored stored) {
			this.queue.add(stored);
			this.count.incrementAndGet();
		}

		long count() {
			return this.count.get();
		}

		/**
		 * Drops heads that lapsed, and heads the map no longer holds (a lease that was completed,
		 * renewed or taken over since): those are only queue entries, and without dropping them the
		 * lease queue would keep every message of the last lease period, completed or not.
		 */
		void dropLapsed(long now, ConcurrentHashMap<String, Stored> records) {
			for (int i = 0; i < SWEEP_BATCH; i++) {
				Stored head = this.queue.peek();
				if (head == null || (head.expiresAt + GRACE_MILLIS > now && records.get(head.key) == head)) {
					return;
				}
				dropHead(records);
			}
		}

		void dropHead(ConcurrentHashMap<String, Stored> records) {
			Stored head = this.queue.poll();
			if (head != null) {
				this.count.decrementAndGet();
				records.remove(head.key, head);
			}
		}

	}

}
