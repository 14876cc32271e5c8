package dev.ferry.benchmarks;

import java.util.Arrays;

/** Runs warm-up and measured rounds of a task and reports the median rate. */
public final class Rounds {

	private Rounds() {
	}

	/** A task that processes {@code messages} messages once. */
	@FunctionalInterface
	public interface Task {

		void run(int messages) throws Exception;

	}

	/** Median messages per second over the measured rounds. */
	public static double medianRate(Scenario.Options options, int messages, Task task) throws Exception {
		for (int i = 0; i < options.warmupRounds(); i++) {
			task.run(messages);
		}
		double[] rates = new double[options.rounds()];
		for (int i = 0; i < rates.length; i++) {
			long start = System.nanoTime();
			task.run(messages);
			rates[i] = messages / ((System.nanoTime() - start) / 1e9);
		}
		Arrays.sort(rates);
		return rates[rates.length / 2];
	}

}
