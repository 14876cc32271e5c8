package dev.ferry.benchmarks.kafka;

import java.util.ArrayList;
import java.util.List;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.message.OutboundMessage;

/**
 * {@code kafka-publish}: Ferry's {@code publishAll} of the whole round (Jackson conversion, Ferry headers, one result per
 * entry) against a raw {@code KafkaTemplate} sending Jackson-serialized records with the same
 * producer settings, both waiting for every broker acknowledgement; same embedded broker, same run.
 */
public final class KafkaPublishScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 20_000;

	@Override
	public String name() {
		return "kafka-publish";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		try (KafkaBenchmarkFixture fixture = new KafkaBenchmarkFixture()) {
			String rawTopic = fixture.newTopic("publish-raw");
			Destination destination = KafkaBenchmarkFixture.destination(fixture.newTopic("publish-ferry"));
			try (Ferry ferry = fixture.ferry(destination)) {
				ferry.start();
				// Rounds alternate between the two sides so both see the same machine load.
				double[] raw = new double[options.rounds()];
				double[] viaFerry = new double[options.rounds()];
				for (int round = -options.warmupRounds(); round < options.rounds(); round++) {
					double rawRate = rate(messages, () -> fixture.fillRaw(rawTopic, messages));
					double ferryRate = rate(messages, () -> {
						List<OutboundMessage> all = new ArrayList<>(messages);
						for (int i = 0; i < messages; i++) {
							KafkaBenchmarkFixture.OrderPlaced order = KafkaBenchmarkFixture.order(i);
							all.add(OutboundMessage.to(destination.name()).payload(order).key(order.customer()).build());
						}
						ferry.publisher().publishAll(all).throwIfAnyFailed();
					});
					if (round >= 0) {
						raw[round] = rawRate;
						viaFerry[round] = ferryRate;
					}
				}
				return new Result(KafkaBenchmarkFixture.median(viaFerry), KafkaBenchmarkFixture.median(raw),
						"KafkaTemplate.send of Jackson bytes, same producer settings");
			}
		}
	}

	private static double rate(int messages, Runnable task) {
		long start = System.nanoTime();
		task.run();
		return messages / ((System.nanoTime() - start) / 1e9);
	}

}
