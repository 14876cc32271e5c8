package dev.ferry.test.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.idempotency.AcquireResult;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import dev.ferry.core.idempotency.IdempotencyRecord;
import dev.ferry.core.idempotency.IdempotencyStatus;
import dev.ferry.core.idempotency.IdempotencyStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idempotency store contract: what "a store works" means for Ferry's idempotency gate. Every
 * {@link IdempotencyStore} runs these tests by extending this class and returning a store that
 * reads time from the given clock.
 *
 * <p>The semantics (as in Powertools for AWS Lambda's idempotency utility): a key is IN_PROGRESS
 * with an expiring lease, COMPLETED with a time to live, or free (absent or EXPIRED); a record is
 * live while {@code now < expiresAt}. Every operation is atomic per key: of any number of concurrent
 * acquires of a free key exactly one wins. Only the owner renews, completes or releases; a late
 * completion by an owner whose lease lapsed and whose key was taken never overwrites the new owner.
 *
 * <p>Each test uses its own random keys, so a subclass may share one table or database between
 * tests.
 */
public abstract class IdempotencyStoreContractTests {

	/** Where the clock starts: a whole millisecond, so every store can represent it exactly. */
	protected static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final Duration TTL = Duration.ofHours(1);

	private static final int CONCURRENT_ACQUIRES = 64;

	private static final int THREADS = 8;

	/** The time every store under test reads; tests move it. */
	protected final MutableClock clock = new MutableClock(START);

	private IdempotencyStore store;

	private String key;

	/**
	 * A store to test, reading time only from {@code clock}. Called before every test; it may share
	 * a table with earlier tests (keys are unique per test).
	 */
	protected abstract IdempotencyStore createStore(Clock clock);

	@BeforeEach
	void createStoreAndKey() {
		this.store = createStore(this.clock);
		this.key = newKey();
	}

	/** A key no other test uses. */
	protected static String newKey() {
		return "key-" + UUID.randomUUID();
	}

	@Test
	void acquireOfAFreeKeyWinsAndHoldsItUntilTheLeaseEnds() {
		AcquireResult result = this.store.acquire(this.key, "a", LEASE);

		assertThat(result.decision()).isEqualTo(Decision.ACQUIRED);
		assertThat(result.until()).isEqualTo(START.plus(LEASE));
		assertThat(this.store.find(this.key)).hasValueSatisfying(record -> {
			assertThat(record.key()).isEqualTo(this.key);
			assertThat(record.status()).isEqualTo(IdempotencyStatus.IN_PROGRESS);
			assertThat(record.owner()).isEqualTo("a");
			assertThat(record.expiresAt()).isEqualTo(START.plus(LEASE));
		});
	}

	@Test
	void acquireOfAHeldKeyReportsInProgressUntilTheHoldersLeaseEnds() {
		this.store.acquire(this.key, "a", LEASE);
		this.clock.advance(Duration.ofSeconds(10));

		AcquireResult second = this.store.acquire(this.key, "b", LEASE);

		assertThat(second.decision()).isEqualTo(Decision.IN_PROGRESS);
		assertThat(second.until()).isEqualTo(START.plus(LEASE));
		assertThat(this.store.find(this.key)).get().extracting(IdempotencyRecord::owner).isEqualTo("a");
	}

	@Test
	void completedKeySuppressesDuplicatesForItsTimeToLive() {
		this.store.acquire(this.key, "a", LEASE);
		this.clock.advance(Duration.ofSeconds(5));
		this.store.complete(this.key, "a", TTL);
		Instant completedUntil = START.plusSeconds(5).plus(TTL);

		this.clock.advance(TTL.minusSeconds(1));
		AcquireResult duplicate = this.store.acquire(this.key, "b", LEASE);

		assertThat(duplicate.decision()).isEqualTo(Decision.COMPLETED);
		assertThat(duplicate.until()).isEqualTo(completedUntil);
		assertThat(this.store.find(this.key)).hasValueSatisfying(record -> {
			assertThat(record.status()).isEqualTo(IdempotencyStatus.COMPLETED);
			assertThat(record.expiresAt()).isEqualTo(completedUntil);
		});
	}

	@Test
	void completedKeyIsFreeAgainOnceItsTimeToLiveLapses() {
		this.store.acquire(this.key, "a", LEASE);
		this.store.complete(this.key, "a", Duration.ofMinutes(5));
		this.clock.advance(Duration.ofMinutes(5));

		assertThat(statusOf(this.key)).isEqualTo(IdempotencyStatus.EXPIRED);
		assertThat(this.store.acquire(this.key, "b", LEASE).decision()).isEqualTo(Decision.ACQUIRED);
		assertThat(this.store.find(this.key)).get().extracting(IdempotencyRecord::status)
			.isEqualTo(IdempotencyStatus.IN_PROGRESS);
	}

	@Test
	void lapsedLeaseFreesTheKeyForAnotherConsumer() {
		this.store.acquire(this.key, "crashed", LEASE);
		this.clock.advance(LEASE.plusSeconds(1));

		assertThat(statusOf(this.key)).isEqualTo(IdempotencyStatus.EXPIRED);
		AcquireResult takeover = this.store.acquire(this.key, "b", LEASE);

		assertThat(takeover.decision()).isEqualTo(Decision.ACQUIRED);
		assertThat(takeover.until()).isEqualTo(this.clock.instant().plus(LEASE));
		assertThat(this.store.renew(this.key, "crashed", LEASE)).isFalse();
		assertThat(this.store.find(this.key)).get().extracting(IdempotencyRecord::owner).isEqualTo("b");
	}

	@Test
	void leaseEndsExactlyAtItsExpiryWithMillisecondPrecision() {
		Duration lease = Duration.ofMillis(1500);
		this.store.acquire(this.key, "a", lease);

		this.clock.advance(Duration.ofMillis(1499));
		assertThat(this.store.acquire(this.key, "b", lease).decision()).isEqualTo(Decision.IN_PROGRESS);

		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.store.acquire(this.key, "b", lease).decision()).isEqualTo(Decision.ACQUIRED);
	}

	@Test
	void renewExtendsOnlyTheOwnersLease() {
		this.store.acquire(this.key, "a", LEASE);
		this.clock.advance(Duration.ofSeconds(20));

		assertThat(this.store.renew(this.key, "a", LEASE)).isTrue();
		assertThat(this.store.renew(this.key, "b", LEASE)).isFalse();
		assertThat(this.store.find(this.key)).get().extracting(IdempotencyRecord::expiresAt)
			.isEqualTo(START.plusSeconds(20).plus(LEASE));

		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.store.acquire(this.key, "b", LEASE).decision()).isEqualTo(Decision.IN_PROGRESS);
	}

	@Test
	void renewFailsForALapsedLeaseACompletedKeyAndAnUnknownKey() {
		String completed = newKey();
		this.store.acquire(completed, "a", LEASE);
		this.store.complete(completed, "a", TTL);
		this.store.acquire(this.key, "a", LEASE);
		this.clock.advance(LEASE);

		assertThat(this.store.renew(this.key, "a", LEASE)).as("lapsed lease").isFalse();
		assertThat(this.store.renew(completed, "a", LEASE)).as("completed key").isFalse();
		assertThat(this.store.renew(newKey(), "a", LEASE)).as("unknown key").isFalse();
		assertThat(this.store.find(completed)).get().extracting(IdempotencyRecord::status)
			.isEqualTo(IdempotencyStatus.COMPLETED);
	}

	@Test
	void releaseByTheOwnerLetsARetryAcquireAgain() {
		this.store.acquire(this.key, "a", LEASE);

		this.store.release(this.key, "a");

		assertThat(statusOf(this.key)).isEqualTo(IdempotencyStatus.EXPIRED);
		assertThat(this.store.acquire(this.key, "retry", LEASE).decision()).isEqualTo(Decision.ACQUIRED);
	}

	@Test
	void releaseBySomeoneElseLeavesTheKeyHeld() {
		this.store.acquire(this.key, "a", LEASE);

		this.store.release(this.key, "b");

		assertThat(this.store.acquire(this.key, "c", LEASE).decision()).isEqualTo(Decision.IN_PROGRESS);
		assertThat(this.store.find(this.key)).get().extracting(IdempotencyRecord::owner).isEqualTo("a");
	}

	@Test
	void releaseNeverUndoesACompletion() {
		this.store.acquire(this.key, "a", LEASE);
		this.store.complete(this.key, "a", TTL);

		this.store.release(this.key, "a");
		this.store.release(newKey(), "a");

		assertThat(this.store.acquire(this.key, "b", LEASE).decision()).isEqualTo(Decision.COMPLETED);
	}

	@Test
	void completeBySomeoneElseLeavesALiveLeaseAlone() {
		this.store.acquire(this.key, "a", LEASE);

		this.store.complete(this.key, "intruder", TTL);

		assertThat(this.store.find(this.key)).hasValueSatisfying(record -> {
			assertThat(record.owner()).isEqualTo("a");
			assertThat(record.status()).isEqualTo(IdempotencyStatus.IN_PROGRESS);
		});
	}

	@Test
	void lateCompletionDoesNotOverwriteTheNewOwner() {
		this.store.acquire(this.key, "slow", LEASE);
		this.clock.advance(LEASE.plusSeconds(1));
		this.store.acquire(this.key, "fresh", LEASE);

		this.store.complete(this.key, "slow", TTL);

		assertThat(this.store.find(this.key)).hasValueSatisfying(record -> {
			assertThat(record.owner()).isEqualTo("fresh");
			assertThat(record.status()).isEqualTo(IdempotencyStatus.IN_PROGRESS);
			assertThat(record.expiresAt()).isEqualTo(this.clock.instant().plus(LEASE));
		});
		this.store.complete(this.key, "fresh", TTL);
		assertThat(this.store.acquire(this.key, "third", LEASE).decision()).isEqualTo(Decision.COMPLETED);
	}

	@Test
	void lateCompletionStillCountsWhenNobodyTookTheKey() {
		this.store.acquire(this.key, "slow", LEASE);
		this.clock.advance(LEASE.plusSeconds(1));

		this.store.complete(this.key, "slow", TTL);

		assertThat(this.store.find(this.key)).hasValueSatisfying(record -> {
			assertThat(record.status()).isEqualTo(IdempotencyStatus.COMPLETED);
			assertThat(record.expiresAt()).isEqualTo(this.clock.instant().plus(TTL));
		});
		assertThat(this.store.acquire(this.key, "b", LEASE).decision()).isEqualTo(Decision.COMPLETED);
	}

	@Test
	void keysAreIndependent() {
		String other = newKey();
		this.store.acquire(this.key, "a", LEASE);
		this.store.complete(this.key, "a", TTL);

		assertThat(this.store.acquire(other, "b", LEASE).decision()).isEqualTo(Decision.ACQUIRED);
		assertThat(this.store.find(newKey())).isEmpty();
	}

	@Test
	void concurrentAcquiresOfAFreeKeyGrantItExactlyOnce() throws Exception {
		assertThat(acquireConcurrently(this.key)).isEqualTo(1);
	}

	@Test
	void concurrentTakeoversOfALapsedLeaseGrantItExactlyOnce() throws Exception {
		this.store.acquire(this.key, "crashed", LEASE);
		this.clock.advance(LEASE.plusSeconds(1));

		assertThat(acquireConcurrently(this.key)).isEqualTo(1);
		assertThat(this.store.find(this.key)).get().extracting(IdempotencyRecord::owner).isNotEqualTo("crashed");
	}

	/** Status as of now; a store may drop an expired record, which counts as EXPIRED. */
	private IdempotencyStatus statusOf(String key) {
		return this.store.find(key).map(IdempotencyRecord::status).orElse(IdempotencyStatus.EXPIRED);
	}

	/** Acquires {@code key} from {@value #THREADS} threads under distinct owners; returns how many won. */
	private long acquireConcurrently(String key) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Callable<AcquireResult>> tasks = new ArrayList<>();
			for (int i = 0; i < CONCURRENT_ACQUIRES; i++) {
				String owner = "owner-" + i;
				tasks.add(() -> {
					start.await(10, TimeUnit.SECONDS);
					return this.store.acquire(key, owner, LEASE);
				});
			}
			List<Future<AcquireResult>> futures = new ArrayList<>();
			for (Callable<AcquireResult> task : tasks) {
				futures.add(pool.submit(task));
			}
			start.countDown();
			long acquired = 0;
			for (Future<AcquireResult> future : futures) {
				AcquireResult result = future.get(60, TimeUnit.SECONDS);
				assertThat(result.decision()).isIn(Decision.ACQUIRED, Decision.IN_PROGRESS);
				if (result.decision() == Decision.ACQUIRED) {
					acquired++;
				}
			}
			return acquired;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
