package dev.ferry.benchmarks;

/**
 * One whole-process benchmark scenario: runs Ferry and a baseline doing the same work in the same
 * JVM run and reports both rates. Registered in
 * {@code META-INF/services/dev.ferry.benchmarks.Scenario}.
 */
public interface Scenario {

	/** Name given on the command line, e.g. {@code pipeline}, {@code sqs-publish}. */
	String name();

	/** Runs the scenario and measures both sides. */
	Result run(Options options) throws Exception;

	/**
	 * @param messages messages per measured round
	 * @param warmupRounds rounds run and discarded
	 * @param rounds measured rounds (the median is reported)
	 */
	record Options(int messages, int warmupRounds, int rounds) {
	}

	/**
	 * @param ferryPerSecond Ferry's messages per second
	 * @param baselinePerSecond the baseline's messages per second
	 * @param baseline what the baseline is, in words
	 */
	record Result(double ferryPerSecond, double baselinePerSecond, String baseline) {

		public double ratio() {
			return this.ferryPerSecond / this.baselinePerSecond;
		}

	}

}
