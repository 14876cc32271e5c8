package dev.ferry.core.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * {@link IdempotencyStore} in this JVM's memory, on a Caffeine cache whose entries expire when
 * their lease or time to live ends (plus a short grace, so {@link #find} can still report a lapsed
 * record as EXPIRED). Atomicity comes from the cache map's {@code compute}. Good for a single
 * instance and for tests; use a shared store (JDBC, DynamoDB) across instances.
 *
 * <p>It sits on every message's path, so it keeps allocation low: times are epoch milliseconds
 * internally and Caffeine's maintenance runs on the calling thread instead of being handed to a
 * pool (on small machines the hand-off cost more than the work).
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

	/** How long a lapsed record stays visible as EXPIRED before the cache drops it. */
	private static final long GRACE_MILLIS = 1_000;

	private final ConcurrentMap<String, Stored> records;

	private final Clock clock;

	public InMemoryIdempotencyStore() {
		this(Clock.systemUTC(), 1_000_000);
	}

	/**
	 * @param clock time source (tests move it)
	 * @param maximumSize most keys kept; beyond it the least recently used are evicted
	 */
	public InMemoryIdempotencyStore(Clock clock, long maximumSize) {
		this.clock = clock;
		this.records = Caffeine.newBuilder()
			.executor(Runnable::run)
			.maximumSize(maximumSize)
			.expireAfter(new StoredExpiry(clock))
			.<String, Stored>build()
			.asMap();
	}

	@Override
	public AcquireResult acquire(String key, String owner, Duration lease) {
		long now = this.clock.millis();
		Stored fresh = new Stored(owner, IdempotencyStatus.IN_PROGRESS, now + lease.toMillis());
		Stored current = this.records.compute(key,
				(k, existing) -> existing != null && existing.statusAt(now) != IdempotencyStatus.EXPIRED ? existing
						: fresh);
		if (current == fresh) {
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
						? new Stored(owner, IdempotencyStatus.IN_PROGRESS, now + lease.toMillis()) : existing);
		return renewed != null && renewed.heldBy(owner, now);
	}

	@Override
	public void complete(String key, String owner, Duration ttl) {
		long now = this.clock.millis();
		this.records.compute(key, (k, existing) -> {
			if (existing != null && !existing.owner.equals(owner) && existing.statusAt(now) != IdempotencyStatus.EXPIRED) {
				// Another consumer took the key after our lease lapsed; its record wins.
				return existing;
			}
			return new Stored(owner, IdempotencyStatus.COMPLETED, now + ttl.toMillis());
		});
	}

	@Override
	public void release(String key, String owner) {
		this.records.computeIfPresent(key,
				(k, existing) -> existing.owner.equals(owner) && existing.status == IdempotencyStatus.IN_PROGRESS ? null
						: existing);
	}

	@Override
	public Optional<IdempotencyRecord> find(String key) {
		Stored stored = this.records.get(key);
		if (stored == null) {
			return Optional.empty();
		}
		return Optional.of(new IdempotencyRecord(key, stored.statusAt(this.clock.millis()), stored.owner,
				Instant.ofEpochMilli(stored.expiresAt)));
	}

	/** What the cache holds per key. */
	private record Stored(String owner, IdempotencyStatus status, long expiresAt) {

		IdempotencyStatus statusAt(long now) {
			return now < this.expiresAt ? this.status : IdempotencyStatus.EXPIRED;
		}

		boolean heldBy(String candidate, long now) {
			return this.owner.equals(candidate) && statusAt(now) == IdempotencyStatus.IN_PROGRESS;
		}

	}

	/** Entries live until their own expiry plus the grace; the cache drops them then. */
	private static final class StoredExpiry implements Expiry<String, Stored> {

		private final Clock clock;

		StoredExpiry(Clock clock) {
			this.clock = clock;
		}

		private long nanosUntilGone(Stored stored) {
			long millis = Math.max(stored.expiresAt - this.clock.millis(), 0) + GRACE_MILLIS;
			return TimeUnit.MILLISECONDS.toNanos(millis);
		}

		@Override
		public long expireAfterCreate(String key, Stored value, long currentTime) {
			return nanosUntilGone(value);
		}

		@Override
		public long expireAfterUpdate(String key, Stored value, long currentTime, long currentDuration) {
			return nanosUntilGone(value);
		}

		@Override
		public long expireAfterRead(String key, Stored value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
