package dev.ferry.benchmarks.idempotency;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.idempotency.AcquireResult;
import dev.ferry.core.idempotency.InMemoryIdempotencyStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory idempotency store alone: what the idempotency gate's store work costs per message
 * (acquire of a fresh key, then complete), as the default store does it for every message consumed.
 * The store is bounded; once full, every message also evicts the oldest entry, as in a long-running
 * service. Run with the default bound, the former one (a million keys) and a small one, to show what the size costs. Run:
 * {@code java -jar ferry-benchmarks.jar jmh InMemoryStoreBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch" })
public class InMemoryStoreBenchmark {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final Duration TTL = Duration.ofHours(1);

	/** Most completed keys kept: the default (100,000), the former default and a small bound, to show what the size costs. */
	@Param({ "100000", "1000000", "10000" })
	public long maximumSize;

	private InMemoryIdempotencyStore store;

	private long next;

	@Setup(Level.Trial)
	public void setUp() {
		this.store = new InMemoryIdempotencyStore(java.time.Clock.systemUTC(), this.maximumSize);
	}

	@Benchmark
	public AcquireResult acquireAndComplete() {
		// keys shaped like Ferry's message ids: listener id and a UUID-length id
		String key = "bench:" + Long.toHexString(this.next++) + "-0000-4000-8000-000000000000";
		AcquireResult result = this.store.acquire(key, "owner", LEASE);
		this.store.complete(key, "owner", TTL);
		return result;
	}

}
