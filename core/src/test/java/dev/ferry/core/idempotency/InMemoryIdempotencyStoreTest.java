package dev.ferry.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(this.clock, 1000);

	@Test
	void firstAcquireWinsThenCompletedSuppressesDuplicates() {
		assertThat(this.store.acquire("k", "a", Duration.ofSeconds(30)).decision()).isEqualTo(AcquireResult.Decision.ACQUIRED);
		assertThat(this.store.acquire("k", "b", Duration.ofSeconds(30)).decision())
			.isEqualTo(AcquireResult.Decision.IN_PROGRESS);
		this.store.complete("k", "a", Duration.ofHours(1));
		assertThat(this.store.acquire("k", "b", Duration.ofSeconds(30)).decision())
			.isEqualTo(AcquireResult.Decision.COMPLETED);
		assertThat(this.store.find("k")).get().extracting(IdempotencyRecord::status).isEqualTo(IdempotencyStatus.COMPLETED);
	}

	@Test
	void completedLeasesDoNotWaitForTheirLeaseToLapseBeforeTheyCanBeDropped() {
		for (int i = 0; i < 10_000; i++) {
			this.store.acquire("k-" + i, "a", Duration.ofSeconds(30));
			this.store.complete("k-" + i, "a", Duration.ofHours(1));
		}
		// the queue holds no more than the bound: nothing of the 10,000 waits for its lease (30 s) to pass
		assertThat(this.store.queued()).isLessThanOrEqualTo(1000);
		assertThat(this.store.size()).isLessThanOrEqualTo(1000);
		this.store.acquire("slow", "a", Duration.ofSeconds(30));
		this.store.acquire("next", "a", Duration.ofSeconds(30));
		this.store.complete("next", "a", Duration.ofHours(1));
		this.store.acquire("after", "a", Duration.ofSeconds(30));
		// a lease still in progress stays, and with it the key is still held
		assertThat(this.store.find("slow")).get().extracting(IdempotencyRecord::status).isEqualTo(IdempotencyStatus.IN_PROGRESS);
	}

	@Test
	void lapsedLeaseFreesTheKeyForAnotherConsumer() {
		this.store.acquire("k", "crashed", Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(31));

		assertThat(this.store.find("k")).get().extracting(IdempotencyRecord::status).isEqualTo(IdempotencyStatus.EXPIRED);
		assertThat(this.store.acquire("k", "b", Duration.ofSeconds(30)).decision()).isEqualTo(AcquireResult.Decision.ACQUIRED);
		assertThat(this.store.renew("k", "crashed", Duration.ofSeconds(30))).isFalse();
	}

	@Test
	void renewExtendsOnlyTheOwnersLease() {
		this.store.acquire("k", "a", Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.store.renew("k", "a", Duration.ofSeconds(30))).isTrue();
		assertThat(this.store.renew("k", "b", Duration.ofSeconds(30))).isFalse();
		this.clock.advance(Duration.ofSeconds(20));

		assertThat(this.store.acquire("k", "b", Duration.ofSeconds(30)).decision())
			.isEqualTo(AcquireResult.Decision.IN_PROGRESS);
	}

	@Test
	void releaseLetsARetryAcquireAgainButNotSomeoneElsesKey() {
		this.store.acquire("k", "a", Duration.ofSeconds(30));
		this.store.release("k", "b");
		assertThat(this.store.acquire("k", "c", Duration.ofSeconds(30)).decision())
			.isEqualTo(AcquireResult.Decision.IN_PROGRESS);
		this.store.release("k", "a");
		assertThat(this.store.acquire("k", "c", Duration.ofSeconds(30)).decision()).isEqualTo(AcquireResult.Decision.ACQUIRED);
	}

	@Test
	void completedRecordExpiresAfterItsTtl() {
		this.store.acquire("k", "a", Duration.ofSeconds(30));
		this.store.complete("k", "a", Duration.ofMinutes(5));
		this.clock.advance(Duration.ofMinutes(6));

		assertThat(this.store.acquire("k", "b", Duration.ofSeconds(30)).decision()).isEqualTo(AcquireResult.Decision.ACQUIRED);
	}

	@Test
	void lateCompletionDoesNotOverwriteTheNewOwner() {
		this.store.acquire("k", "slow", Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(31));
		this.store.acquire("k", "fresh", Duration.ofSeconds(30));

		this.store.complete("k", "slow", Duration.ofHours(1));

		assertThat(this.store.find("k")).get().satisfies(record -> {
			assertThat(record.owner()).isEqualTo("fresh");
			assertThat(record.status()).isEqualTo(IdempotencyStatus.IN_PROGRESS);
		});
	}

	@Test
	void concurrentAcquiresGrantTheKeyExactlyOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<AcquireResult>> tasks = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				String owner = "o" + i;
				tasks.add(() -> this.store.acquire("hot", owner, Duration.ofSeconds(30)));
			}
			long acquired = 0;
			for (Future<AcquireResult> result : pool.invokeAll(tasks)) {
				if (result.get().decision() == AcquireResult.Decision.ACQUIRED) {
					acquired++;
				}
			}
			assertThat(acquired).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void underContentionAKeyIsNeverHeldTwiceAndTheBoundHolds() throws Exception {
		// A small bound, so the sweep drops and re-queues records while other threads acquire,
		// complete and release: a key acquired while another owner holds it would show as overlap.
		InMemoryIdempotencyStore bounded = new InMemoryIdempotencyStore(Clock.systemUTC(), 64);
		int threads = 8;
		int keys = 200;
		java.util.concurrent.atomic.AtomicIntegerArray holders = new java.util.concurrent.atomic.AtomicIntegerArray(keys);
		java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger acquired = new java.util.concurrent.atomic.AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Callable<Void>> tasks = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				tasks.add(() -> {
					java.util.Random random = new java.util.Random(thread);
					for (int i = 0; i < 20_000; i++) {
						int key = random.nextInt(keys);
						String owner = thread + "-" + i;
						if (bounded.acquire("k-" + key, owner, Duration.ofMinutes(1)).decision() != AcquireResult.Decision.ACQUIRED) {
							continue;
						}
						acquired.incrementAndGet();
						if (holders.getAndIncrement(key) != 0) {
							overlaps.incrementAndGet();
						}
						for (int spin = 0; spin < 50; spin++) {
							// holding the key a moment, as a handler would
							Thread.onSpinWait();
						}
						holders.decrementAndGet(key);
						if (random.nextInt(4) == 0) {
							bounded.release("k-" + key, owner);
						}
						else {
							// a short time to live, so completed keys come free again
							bounded.complete("k-" + key, owner, Duration.ofMillis(random.nextInt(3)));
						}
					}
					return null;
				});
			}
			for (Future<Void> done : pool.invokeAll(tasks)) {
				done.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(overlaps.get()).as("acquisitions of a key another owner still held").isZero();
		assertThat(acquired.get()).as("keys came free again").isGreaterThan(keys);
		assertThat(bounded.queued()).isLessThanOrEqualTo(64 + threads);
		assertThat(bounded.size()).isLessThanOrEqualTo(64 + threads);
	}

	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	@Test
	void lapsedRecordsAreDroppedAsNewKeysArrive() {
		for (int i = 0; i < 100; i++) {
			this.store.acquire("old-" + i, "a", Duration.ofSeconds(30));
			this.store.complete("old-" + i, "a", Duration.ofMinutes(1));
		}
		assertThat(this.store.size()).isEqualTo(100);
		this.clock.advance(Duration.ofMinutes(2));
		for (int i = 0; i < 100; i++) {
			this.store.acquire("new-" + i, "b", Duration.ofSeconds(30));
		}
		// Each acquire drops up to a few lapsed heads: the old records are gone, the new ones kept.
		assertThat(this.store.size()).isEqualTo(100);
		assertThat(this.store.find("old-0")).isEmpty();
		assertThat(this.store.find("new-99")).get().extracting(IdempotencyRecord::status)
			.isEqualTo(IdempotencyStatus.IN_PROGRESS);
	}

	@Test
	void keepsAtMostTheMaximumOfCompletedRecordsDroppingTheOldest() {
		InMemoryIdempotencyStore bounded = new InMemoryIdempotencyStore(this.clock, 10);
		for (int i = 0; i < 50; i++) {
			bounded.acquire("k-" + i, "a", Duration.ofSeconds(30));
			bounded.complete("k-" + i, "a", Duration.ofHours(1));
		}
		bounded.acquire("last", "a", Duration.ofSeconds(30));
		assertThat(bounded.find("k-0")).isEmpty();
		assertThat(bounded.find("k-49")).get().extracting(IdempotencyRecord::status)
			.isEqualTo(IdempotencyStatus.COMPLETED);
		assertThat(bounded.size()).isLessThanOrEqualTo(10 + 1 + 8);
	}

}
