package dev.ferry.core.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * {@link IdempotencyStore} in this JVM's memory. Good for a single instance and for tests; use a
 * shared store (JDBC, DynamoDB) across instances.
 *
 * <p>It sits on every message's path (an acquire and a complete per message), so it is built for
 * that path rather than on a general cache: one record object per key in a
 * {@link ConcurrentHashMap}, changed in place from IN_PROGRESS to COMPLETED, and one first-in-first-
 * out queue of the records in the order their keys were acquired, linked through the records
 * themselves. The caller's thread drops lapsed records and, beyond the bound, the oldest ones by
 * looking at the head of the queue only. Per message that is two map operations, one record and no
 * other object kept. Written by hand because the general-purpose alternative (Caffeine with
 * per-entry variable expiry and size-based eviction) was measured here at about 1.9 µs per message
 * against a goal of 0.5 µs: its timer wheel and frequency sketch do work this access pattern does
 * not need, and every replaced value is one more object for the collector.
 *
 * <p>Bounds: at most {@code maximumSize} records are kept (completed ones and leases); beyond it the
 * oldest completed ones are dropped first (the least likely to see a duplicate). A lease still held
 * is never dropped for room. A lapsed record stays readable as EXPIRED for a short grace before it
 * is dropped.
 *
 * <p>Locking: a record's own monitor guards its state; a lock on the queue guards the links.
 * Map operations may take a record's monitor inside; the queue lock is taken outside any map
 * operation and may itself run map operations, so there is no cycle.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

	/**
	 * Keys kept by default. Measured at about 235 bytes of heap per key held (a UUID message id, the
	 * map node, the record and its queue node, before records were linked in place), so the bound is
	 * what the store may cost: 100,000 keys about 25 MB. A bound of 1,000,000 (235 MB) was the
	 * default before; besides the heap it made every message slower, the collector copying and
	 * scanning a million live records. Services that need a longer memory of message ids use a
	 * shared store (JDBC, DynamoDB), which they need anyway once there is more than one instance.
	 */
	public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

	/** How long a lapsed record stays visible as EXPIRED before it is dropped. */
	private static final long GRACE_MILLIS = 1_000;

	/** Largest table allocated up front; a larger bound grows the table as keys arrive. */
	private static final long MAXIMUM_INITIAL_CAPACITY = 1 << 17;

	/** Most heads one call looks at, so no caller pays for a long backlog at once. */
	private static final int SWEEP_BATCH = 8;

	private final ConcurrentHashMap<String, Entry> records;

	private final Object queueLock = new Object();

	/** Oldest queued record; guarded by {@link #queueLock}, as are {@link #tail} and {@link #queued}. */
	private @Nullable Entry head;

	private @Nullable Entry tail;

	private long queued;

	private final Clock clock;

	private final long maximumSize;

	public InMemoryIdempotencyStore() {
		this(Clock.systemUTC(), DEFAULT_MAXIMUM_SIZE);
	}

	/**
	 * @param clock time source (tests move it)
	 * @param maximumSize most keys kept; beyond it the oldest completed ones are dropped
	 */
	public InMemoryIdempotencyStore(Clock clock, long maximumSize) {
		if (maximumSize < 1) {
			throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
		}
		this.clock = clock;
		this.maximumSize = maximumSize;
		// Sized for the bound up front (1 MB of table at the default): growing it copies every key,
		// a pause each time the table doubles on a young store.
		this.records = new ConcurrentHashMap<>((int) Math.min(maximumSize, MAXIMUM_INITIAL_CAPACITY));
	}

	@Override
	public AcquireResult acquire(String key, String owner, Duration lease) {
		long now = this.clock.millis();
		long until = now + lease.toMillis();
		Entry fresh = new Entry(key, owner, IdempotencyStatus.IN_PROGRESS, until);
		Entry current = this.records.putIfAbsent(key, fresh);
		if (current == null) {
			current = fresh;
		}
		else {
			// The key has a record: it is taken over only if that record lapsed.
			current = this.records.compute(key,
					(k, existing) -> existing == null || existing.retireIfLapsed(now) ? fresh : existing);
		}
		if (current == fresh) {
			enqueue(fresh, now);
			return new AcquireResult(AcquireResult.Decision.ACQUIRED, Instant.ofEpochMilli(until));
		}
		synchronized (current) {
			AcquireResult.Decision decision = current.status == IdempotencyStatus.COMPLETED ? AcquireResult.Decision.COMPLETED
					: AcquireResult.Decision.IN_PROGRESS;
			return new AcquireResult(decision, Instant.ofEpochMilli(current.expiresAt));
		}
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		long now = this.clock.millis();
		Entry entry = this.records.get(key);
		return entry != null && entry.renew(owner, now, now + lease.toMillis());
	}

	@Override
	public void complete(String key, String owner, Duration ttl) {
		long now = this.clock.millis();
		long until = now + ttl.toMillis();
		Entry held = this.records.get(key);
		if (held != null && held.complete(owner, until)) {
			return;
		}
		// Our record was dropped or taken over since, or the key is another consumer's.
		Entry done = new Entry(key, owner, IdempotencyStatus.COMPLETED, until);
		Entry current = this.records.compute(key, (k, existing) -> {
			if (existing == null) {
				return done;
			}
			if (existing.complete(owner, until)) {
				return existing;
			}
			// Another consumer took the key after our lease lapsed: its record wins unless it lapsed too.
			return existing.retireIfLapsed(now) ? done : existing;
		});
		if (current == done) {
			enqueue(done, now);
		}
	}

	@Override
	public void release(String key, String owner) {
		this.records.computeIfPresent(key, (k, existing) -> existing.release(owner) ? null : existing);
	}

	@Override
	public Optional<IdempotencyRecord> find(String key) {
		long now = this.clock.millis();
		Entry entry = this.records.get(key);
		if (entry == null) {
			return Optional.empty();
		}
		synchronized (entry) {
			IdempotencyStatus status = now >= entry.expiresAt ? IdempotencyStatus.EXPIRED : entry.status;
			return Optional.of(new IdempotencyRecord(key, status, entry.owner, Instant.ofEpochMilli(entry.expiresAt)));
		}
	}

	/** Records in the queue, those already replaced and not yet reached included (for tests). */
	long queued() {
		synchronized (this.queueLock) {
			return this.queued;
		}
	}

	/** Records held now, lapsed ones not yet dropped included (for tests and metrics). */
	public long size() {
		return this.records.mappingCount();
	}

	/**
	 * Appends a new record to the queue, then looks at up to a few heads: one that is no longer its
	 * key's record (released, taken over) only leaves the queue; one that lapsed more than the grace
	 * ago, or a completed one while the queue is over the bound, is dropped from the map too; a lease
	 * still held at the head of a full queue goes to the back. {@code remove(key, value)} removes a
	 * record only if it is still the key's record.
	 */
	private void enqueue(Entry entry, long now) {
		synchronized (this.queueLock) {
			append(entry);
			for (int i = 0; i < SWEEP_BATCH; i++) {
				Entry first = this.head;
				if (first == null) {
					return;
				}
				Sweep verdict = first.sweep(now, this.queued > this.maximumSize);
				if (verdict == Sweep.KEEP) {
					return;
				}
				this.head = first.next;
				first.next = null;
				if (this.head == null) {
					this.tail = null;
				}
				this.queued--;
				if (verdict == Sweep.DROP) {
					this.records.remove(first.key, first);
				}
				else if (verdict == Sweep.REQUEUE) {
					append(first);
				}
			}
		}
	}

	/** Links a record at the tail; the caller holds the queue lock. */
	private void append(Entry entry) {
		if (this.tail == null) {
			this.head = entry;
		}
		else {
			this.tail.next = entry;
		}
		this.tail = entry;
		this.queued++;
	}

	/** What the sweep does with the record at the head of the queue. */
	private enum Sweep {

		/** Stop: the head stays, and so does everything behind it. */
		KEEP,
		/** Leave the queue only: the record is retired already. */
		UNLINK,
		/** Leave the queue and the map. */
		DROP,
		/** A held lease at the head of a full queue: to the back. */
		REQUEUE

	}

	/**
	 * The record of one key. Its state changes in place under its own monitor; once {@code retired}
	 * (released, taken over, dropped) it is no longer the key's record and never changes again.
	 */
	private static final class Entry {

		final String key;

		final String owner;

		IdempotencyStatus status;

		long expiresAt;

		boolean retired;

		/** Next record in the queue; guarded by the store's queue lock. */
		@Nullable Entry next;

		Entry(String key, String owner, IdempotencyStatus status, long expiresAt) {
			this.key = key;
			this.owner = owner;
			this.status = status;
			this.expiresAt = expiresAt;
		}

		/** Retires this record if it lapsed, so another may take the key. */
		synchronized boolean retireIfLapsed(long now) {
			if (this.retired || now >= this.expiresAt) {
				this.retired = true;
				return true;
			}
			return false;
		}

		/** Completes the owner's record in place, lapsed lease included, unless it was retired. */
		synchronized boolean complete(String candidate, long until) {
			if (this.retired || !this.owner.equals(candidate)) {
				return false;
			}
			this.status = IdempotencyStatus.COMPLETED;
			this.expiresAt = until;
			return true;
		}

		synchronized boolean renew(String candidate, long now, long until) {
			if (this.retired || this.status != IdempotencyStatus.IN_PROGRESS || now >= this.expiresAt || !this.owner.equals(candidate)) {
				return false;
			}
			this.expiresAt = until;
			return true;
		}

		synchronized boolean release(String candidate) {
			if (this.retired || this.status != IdempotencyStatus.IN_PROGRESS || !this.owner.equals(candidate)) {
				return false;
			}
			this.retired = true;
			return true;
		}

		/** What the sweep does with this record at the head of the queue. */
		synchronized Sweep sweep(long now, boolean full) {
			if (this.retired) {
				return Sweep.UNLINK;
			}
			if (this.expiresAt + GRACE_MILLIS <= now) {
				this.retired = true;
				return Sweep.DROP;
			}
			if (!full) {
				return Sweep.KEEP;
			}
			if (this.status == IdempotencyStatus.IN_PROGRESS) {
				return Sweep.REQUEUE;
			}
			this.retired = true;
			return Sweep.DROP;
		}

	}

}
