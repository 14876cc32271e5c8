package dev.ferry.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs one scenario: {@code java -jar ferry-benchmarks.jar <scenario> [messages] [rounds] [warm-up rounds]}, or JMH:
 * {@code java -jar ferry-benchmarks.jar jmh [JMH options]}. The last line printed is
 * {@code RESULT <scenario> ferry=<msgs/s> baseline=<msgs/s> ratio=<r>}.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, Scenario> scenarios = new LinkedHashMap<>();
		ServiceLoader.load(Scenario.class).forEach(scenario -> scenarios.put(scenario.name(), scenario));
		if (args.length == 0) {
			System.err.println("usage: <scenario> [messages] [rounds] [warm-up rounds] | jmh [options]; scenarios: " + scenarios.keySet());
			System.exit(2);
		}
		if (args[0].equals("jmh")) {
			org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		Scenario scenario = scenarios.get(args[0]);
		if (scenario == null) {
			System.err.println("unknown scenario '" + args[0] + "'; known: " + scenarios.keySet());
			System.exit(2);
		}
		int messages = args.length > 1 ? Integer.parseInt(args[1]) : 0;
		int rounds = args.length > 2 ? Integer.parseInt(args[2]) : scenario.rounds();
		int warmup = args.length > 3 ? Integer.parseInt(args[3]) : scenario.warmupRounds();
		Scenario.Result result = scenario.run(new Scenario.Options(messages, warmup, rounds));
		System.out.printf(Locale.ROOT, "baseline: %s%n", result.baseline());
		String unit = result.unit().equals("msgs/s") ? "" : " unit=" + result.unit();
		System.out.printf(Locale.ROOT, "RESULT %s ferry=%.0f baseline=%.0f ratio=%.3f%s%n", scenario.name(),
				result.ferryPerSecond(), result.baselinePerSecond(), result.ratio(), unit);
		System.exit(0);
	}

}
