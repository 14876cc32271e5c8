package dev.ferry.benchmarks;

/**
 * One whole-process benchmark scenario: runs Ferry and a baseline doing the same work in the same
 * JVM run and reports both rates. Registered in
 * {@code META-INF/services/dev.ferry.benchmarks.Scenario}.
 */
public interface Scenario {

	/** Name given on the command line, e.g. {@code pipeline}, {@code sqs-publish}. */
	String name();

	/** Rounds run and discarded before measuring, unless the command line says otherwise. */
	default int warmupRounds() {
		return 2;
	}

	/** Measured rounds, unless the command line says otherwise. */
	default int rounds() {
		return 5;
	}

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
	 * @param ferryPerSecond Ferry's figure, messages per second unless {@code unit} says otherwise
	 * @param baselinePerSecond the baseline's figure in the same unit
	 * @param baseline what the baseline is, in words
	 * @param unit what the figures count, e.g. {@code msgs/s} (higher is better) or
	 * {@code requests/1000msgs} (lower is better)
	 */
	record Result(double ferryPerSecond, double baselinePerSecond, String baseline, String unit) {

		/** A result in messages per second. */
		public Result(double ferryPerSecond, double baselinePerSecond, String baseline) {
			this(ferryPerSecond, baselinePerSecond, baseline, "msgs/s");
		}

		public double ratio() {
			return this.ferryPerSecond / this.baselinePerSecond;
		}

	}

}
