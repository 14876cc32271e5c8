package dev.ferry.core.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * {@link IdempotencyStore} in this JVM's memory, on a Caffeine cache whose entries expire when
 * their lease or time to live ends. Atomicity comes from the cache map's {@code compute}. Good for
 * a single instance and for tests; use a shared store (JDBC, DynamoDB, Redis) across instances.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

	private final Cache<String, IdempotencyRecord> records;

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
		this.records = Caffeine.newBuilder().maximumSize(maximumSize).expireAfter(new RecordExpiry(clock)).build();
	}

	@Override
	public AcquireResult acquire(String key, String owner, Duration lease) {
		Instant now = this.clock.instant();
		AtomicReference<AcquireResult> result = new AtomicReference<>();
		this.records.asMap().compute(key, (k, existing) -> {
			if (existing != null) {
				IdempotencyStatus status = existing.statusAt(now);
				if (status == IdempotencyStatus.COMPLETED) {
					result.set(new AcquireResult(AcquireResult.Decision.COMPLETED, existing.expiresAt()));
					return existing;
				}
				if (status == IdempotencyStatus.IN_PROGRESS) {
					result.set(new AcquireResult(AcquireResult.Decision.IN_PROGRESS, existing.expiresAt()));
					return existing;
				}
			}
			Instant until = now.plus(lease);
			result.set(new AcquireResult(AcquireResult.Decision.ACQUIRED, until));
			return new IdempotencyRecord(k, IdempotencyStatus.IN_PROGRESS, owner, until);
		});
		return result.get();
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		Instant now = this.clock.instant();
		IdempotencyRecord renewed = this.records.asMap().computeIfPresent(key, (k, existing) -> {
			if (existing.owner().equals(owner) && existing.statusAt(now) == IdempotencyStatus.IN_PROGRESS) {
				return new IdempotencyRecord(k, IdempotencyStatus.IN_PROGRESS, owner, now.plus(lease));
			}
			return existing;
		});
		return renewed != null && renewed.owner().equals(owner) && renewed.status() == IdempotencyStatus.IN_PROGRESS
				&& renewed.statusAt(now) == IdempotencyStatus.IN_PROGRESS;
	}

	@Override
	public void complete(String key, String owner, Duration ttl) {
		Instant now = this.clock.instant();
		this.records.asMap().compute(key, (k, existing) -> {
			if (existing != null && !existing.owner().equals(owner) && existing.statusAt(now) != IdempotencyStatus.EXPIRED) {
				// Another consumer took the key after our lease lapsed; its record wins.
				return existing;
			}
			return new IdempotencyRecord(k, IdempotencyStatus.COMPLETED, owner, now.plus(ttl));
		});
	}

	@Override
	public void release(String key, String owner) {
		this.records.asMap().computeIfPresent(key,
				(k, existing) -> existing.owner().equals(owner) && existing.status() == IdempotencyStatus.IN_PROGRESS
						? null : existing);
	}

	@Override
	public Optional<IdempotencyRecord> find(String key) {
		IdempotencyRecord record = this.records.getIfPresent(key);
		if (record == null) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		return Optional.of(new IdempotencyRecord(record.key(), record.statusAt(now), record.owner(), record.expiresAt()));
	}

	/** Entries live until their own expiry; the cache drops them then. */
	private static final class RecordExpiry implements Expiry<String, IdempotencyRecord> {

		private final Clock clock;

		RecordExpiry(Clock clock) {
			this.clock = clock;
		}

		private long nanosUntil(IdempotencyRecord record) {
			long nanos = Duration.between(this.clock.instant(), record.expiresAt()).toNanos();
			// Keep expired records a little so find() can still report EXPIRED; the
			// stored status check above never treats them as live.
			return Math.max(nanos, 0) + Duration.ofSeconds(1).toNanos();
		}

		@Override
		public long expireAfterCreate(String key, IdempotencyRecord value, long currentTime) {
			return nanosUntil(value);
		}

		@Override
		public long expireAfterUpdate(String key, IdempotencyRecord value, long currentTime, long currentDuration) {
			return nanosUntil(value);
		}

		@Override
		public long expireAfterRead(String key, IdempotencyRecord value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
