package dev.ferry.benchmarks.sqs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.benchmarks.Scenario;

/**
 * Runs several contenders round by round, one after the other within each round, so that noise from
 * other processes on a shared machine (and the server's own warm-up) hits all of them alike; reports
 * each one's median rate. The order rotates from round to round, so no contender always runs right
 * after the same other one (and its garbage). {@code dev.ferry.benchmarks.Rounds} runs one contender's rounds en bloc.
 */
public final class Interleaved {

	/** One contender: handles {@code messages} messages and returns the nanoseconds it measured. */
	@FunctionalInterface
	public interface Timed {

		long run(int messages) throws Exception;

	}

	private final Map<String, Timed> contenders = new LinkedHashMap<>();

	public Interleaved add(String name, Timed contender) {
		this.contenders.put(name, contender);
		return this;
	}

	/** Median messages per second per contender, in the order added. */
	public Map<String, Double> run(Scenario.Options options, int messages) throws Exception {
		Map<String, List<Double>> rates = new LinkedHashMap<>();
		this.contenders.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
		for (int round = 0; round < options.warmupRounds() + options.rounds(); round++) {
			List<Map.Entry<String, Timed>> order = new ArrayList<>(this.contenders.entrySet());
			java.util.Collections.rotate(order, -round);
			StringBuilder line = new StringBuilder(round < options.warmupRounds() ? "warm-up" : "round").append(' ')
				.append(round + 1);
			for (Map.Entry<String, Timed> contender : order) {
				long nanos = contender.getValue().run(messages);
				double rate = messages / (nanos / 1e9);
				line.append(String.format(java.util.Locale.ROOT, " %s=%.0f", contender.getKey(), rate));
				if (round >= options.warmupRounds()) {
					rates.get(contender.getKey()).add(rate);
				}
			}
			System.out.println(line);
		}
		Map<String, Double> medians = new LinkedHashMap<>();
		rates.forEach((name, values) -> {
			double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
			Arrays.sort(sorted);
			medians.put(name, sorted[sorted.length / 2]);
		});
		return medians;
	}

	/** Times a task. */
	public static long time(ThrowingRunnable task) throws Exception {
		long start = System.nanoTime();
		task.run();
		return System.nanoTime() - start;
	}

	@FunctionalInterface
	public interface ThrowingRunnable {

		void run() throws Exception;

	}

}
