package dev.ferry.benchmarks.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.Transport;

/**
 * {@code kafka-publish}: Ferry's {@code publishAll} of the whole round (Jackson conversion, Ferry headers, one result per
 * entry) against a raw {@code KafkaTemplate} sending Jackson-serialized records with the same
 * producer settings, both waiting for every broker acknowledgement; same embedded broker, same run.
 */
public final class KafkaPublishScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 20_000;

	private static final String TYPE = KafkaBenchmarkFixture.OrderPlaced.class.getName();

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
				double[] transportOnly = new double[options.rounds()];
				Transport transport = ferry.transports().iterator().next();
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
					double transportRate = rate(messages, () -> {
						List<EncodedMessage> all = new ArrayList<>(messages);
						for (int i = 0; i < messages; i++) {
							KafkaBenchmarkFixture.OrderPlaced order = KafkaBenchmarkFixture.order(i);
							String id = "m-" + i;
							all.add(new EncodedMessage(id, KafkaBenchmarkFixture.MAPPER.writeValueAsBytes(order),
									Headers.of(Map.of(FerryHeaders.MESSAGE_ID, id, FerryHeaders.TYPE, TYPE)),
									order.customer(), null, Duration.ZERO));
						}
						transport.send(destination, all).join();
					});
					if (round >= 0) {
						transportOnly[round] = transportRate;
						raw[round] = rawRate;
						viaFerry[round] = ferryRate;
					}
				}
				System.out.printf(Locale.ROOT, "settings: %d messages per round, one single-partition topic each; Ferry "
						+ "publishAll and the baseline KafkaTemplate share one producer configuration (KafkaClientConfig of "
						+ "the same KafkaOptions: acks=all, idempotence, the same linger.ms and batch.size); both hand over "
						+ "the whole round and then wait for every acknowledgement; same Jackson bytes, key = customer%n",
						messages);
				System.out.printf(Locale.ROOT,
						"kafka transport alone (pre-encoded messages, no publisher): %.0f msgs/s (ratio %.3f)%n",
						KafkaBenchmarkFixture.median(transportOnly),
						KafkaBenchmarkFixture.median(transportOnly) / KafkaBenchmarkFixture.median(raw));
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
