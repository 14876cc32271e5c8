package dev.ferry.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One contender of a concurrent-publish scenario: rounds in which {@code threads} callers share
 * {@code messages} calls of one message each, each call waited for, the way a web service publishes
 * one event per request. Keeps the measured rounds' rates, every call's latency and the send
 * requests its client put on the wire.
 */
public final class ConcurrentCalls {

	private final int threads;

	private final RequestCounter counter;

	private final Set<String> sendOperations;

	private final List<Double> rates = new ArrayList<>();

	private final List<long[]> latencies = new ArrayList<>();

	private long requests;

	private int rounds;

	/**
	 * @param threads callers per round
	 * @param counter the interceptor of this contender's own client
	 * @param sendOperations the operations that count as send requests ({@code SendMessageBatch},
	 * {@code SendMessage}, ...)
	 */
	public ConcurrentCalls(int threads, RequestCounter counter, Set<String> sendOperations) {
		this.threads = threads;
		this.counter = counter;
		this.sendOperations = Set.copyOf(sendOperations);
	}

	/** One call of one message, returning when it is done. */
	@FunctionalInterface
	public interface Call {

		void run() throws Exception;

	}

	/** One round: every caller ready, then released at once; counted when {@code measured}. */
	public void round(ExecutorService callers, int messages, boolean measured, Call call) throws Exception {
		long[] nanos = new long[messages];
		AtomicInteger next = new AtomicInteger();
		CountDownLatch ready = new CountDownLatch(this.threads);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < this.threads; t++) {
			workers.add(callers.submit(() -> {
				ready.countDown();
				go.await();
				for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
					long start = System.nanoTime();
					call.run();
					nanos[i] = System.nanoTime() - start;
				}
				return null;
			}));
		}
		ready.await();
		this.counter.reset();
		long start = System.nanoTime();
		go.countDown();
		for (Future<?> worker : workers) {
			worker.get();
		}
		long elapsed = System.nanoTime() - start;
		if (measured) {
			this.rates.add(messages / (elapsed / 1e9));
			this.latencies.add(nanos);
			this.counter.snapshot().forEach((operation, count) -> {
				if (this.sendOperations.contains(operation)) {
					this.requests += count;
				}
			});
			this.rounds++;
		}
	}

	public double medianRate() {
		double[] sorted = this.rates.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	public double requestsPerMessage(int messages) {
		return (double) this.requests / ((long) messages * this.rounds);
	}

	/** Latency of one call at {@code percentile} (0.99 for p99) over every measured round, in ms. */
	public double percentileMillis(double percentile) {
		long[] all = this.latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		return all[(int) Math.min(all.length - 1, Math.ceil(percentile * all.length) - 1)] / 1e6;
	}

	public void print(String what, int messages) {
		System.out.printf(Locale.ROOT, "%s: %.0f msgs/s, %.3f send requests per message, latency p50 %.2f ms, "
				+ "p99 %.2f ms%n", what, medianRate(), requestsPerMessage(messages), percentileMillis(0.50),
				percentileMillis(0.99));
	}

	/**
	 * Prints both contenders' figures and their ratios, and returns the scenario's result: Ferry's
	 * median rate against the baseline's.
	 * @param goal appended to the requests line (for example {@code " (target <= 0.15)"}), or empty
	 */
	public static Scenario.Result report(ConcurrentCalls ferry, ConcurrentCalls baseline, String baselineName,
			int messages, String goal, String baselineDescription) {
		ferry.print("Ferry publish()", messages);
		baseline.print(baselineName, messages);
		double ferryRate = ferry.medianRate();
		double baselineRate = baseline.medianRate();
		System.out.printf(Locale.ROOT, "throughput ratio %.2f; requests per message %.3f vs %.3f%s%n",
				ferryRate / baselineRate, ferry.requestsPerMessage(messages), baseline.requestsPerMessage(messages), goal);
		return new Scenario.Result(ferryRate, baselineRate, baselineDescription);
	}

}
