package dev.ferry.benchmarks.pipeline;

import java.util.Locale;

import dev.ferry.benchmarks.Rounds;
import dev.ferry.benchmarks.Scenario;

/**
 * {@code pipeline}: Ferry's consuming pipeline (in-memory idempotency on) against reading the
 * payload and calling the handler directly, in one thread, same JVM run. Also prints the
 * per-message overhead with idempotency off and on.
 */
public final class PipelineScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 200_000;

	@Override
	public String name() {
		return "pipeline";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		try (PipelineFixture withIdempotency = new PipelineFixture(true);
				PipelineFixture without = new PipelineFixture(false)) {
			double direct = Rounds.medianRate(options, messages, count -> {
				for (int i = 0; i < count; i++) {
					withIdempotency.direct();
				}
			});
			double plain = Rounds.medianRate(options, messages, count -> {
				for (int i = 0; i < count; i++) {
					without.viaFerry();
				}
			});
			double idempotent = Rounds.medianRate(options, messages, count -> {
				for (int i = 0; i < count; i++) {
					withIdempotency.viaFerry();
				}
			});
			System.out.printf(Locale.ROOT, "settings: %d messages per round, one thread, no transport; both sides read "
					+ "the same Jackson bytes into the same type and call the same handler%n", messages);
			System.out.printf(Locale.ROOT, "direct handler call: %.0f msgs/s%n", direct);
			System.out.printf(Locale.ROOT, "pipeline, idempotency off: %.0f msgs/s, overhead %.3f us/msg%n", plain,
					overheadMicros(plain, direct));
			System.out.printf(Locale.ROOT, "pipeline, idempotency on (memory): %.0f msgs/s, overhead %.3f us/msg%n",
					idempotent, overheadMicros(idempotent, direct));
			return new Result(idempotent, direct, "Jackson read + handler call, no pipeline");
		}
	}

	private static double overheadMicros(double ferryRate, double directRate) {
		return (1e6 / ferryRate) - (1e6 / directRate);
	}

}
