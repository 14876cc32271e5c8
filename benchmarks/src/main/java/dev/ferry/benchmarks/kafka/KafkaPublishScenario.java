package dev.ferry.benchmarks.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.benchmarks.sqs.Interleaved;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.Transport;

/**
 * {@code kafka-publish}: Ferry's {@code publishAll} of the whole round (Jackson conversion, Ferry headers, one result per
 * entry) against a raw {@code KafkaTemplate} doing the same work: Jackson-serialized records with
 * Ferry's two headers, the same producer settings, both waiting for every broker acknowledgement;
 * same embedded broker, same run. Printed beside it: the template with spring-kafka's type header
 * only, and Ferry's transport fed pre-encoded messages.
 */
public final class KafkaPublishScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 60_000;

	private static final String TYPE = KafkaBenchmarkFixture.OrderPlaced.class.getName();

	@Override
	public String name() {
		return "kafka-publish";
	}

	@Override
	public int warmupRounds() {
		return KafkaBenchmarkFixture.WARMUP_ROUNDS;
	}

	@Override
	public int rounds() {
		return KafkaBenchmarkFixture.ROUNDS;
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		try (KafkaBenchmarkFixture fixture = new KafkaBenchmarkFixture()) {
			String rawTopic = fixture.newTopic("publish-raw");
			String springTopic = fixture.newTopic("publish-raw-spring");
			Destination destination = KafkaBenchmarkFixture.destination(fixture.newTopic("publish-ferry"));
			try (Ferry ferry = fixture.ferry(destination)) {
				ferry.start();
				// Rounds interleave the contenders, in an order that rotates from round to round, so that
				// all see the same machine load and none always runs right after the same other one.
				Transport transport = ferry.transports().iterator().next();
				Map<String, Double> rates = new Interleaved()
					.add("raw", count -> Interleaved.time(() -> fixture.fillRawWithFerryHeaders(rawTopic, count)))
					.add("raw-spring", count -> Interleaved.time(() -> fixture.fillRaw(springTopic, count)))
					.add("ferry", count -> {
						long start = System.nanoTime();
						List<OutboundMessage> all = new ArrayList<>(count);
						for (int i = 0; i < count; i++) {
							KafkaBenchmarkFixture.OrderPlaced order = KafkaBenchmarkFixture.order(i);
							all.add(OutboundMessage.to(destination.name()).payload(order).key(order.customer()).build());
						}
						ferry.publisher().publishAll(all).throwIfAnyFailed();
						return System.nanoTime() - start;
					})
					.add("transport", count -> {
						long start = System.nanoTime();
						List<EncodedMessage> all = new ArrayList<>(count);
						for (int i = 0; i < count; i++) {
							KafkaBenchmarkFixture.OrderPlaced order = KafkaBenchmarkFixture.order(i);
							String id = "m-" + i;
							all.add(new EncodedMessage(id, KafkaBenchmarkFixture.MAPPER.writeValueAsBytes(order),
									Headers.of(Map.of(FerryHeaders.MESSAGE_ID, id, FerryHeaders.TYPE, TYPE)),
									order.customer(), null, Duration.ZERO));
						}
						transport.send(destination, all).join();
						return System.nanoTime() - start;
					})
					.run(options, messages);
				double raw = rates.get("raw");
				double viaFerry = rates.get("ferry");
				double transportOnly = rates.get("transport");
				double rawSpring = rates.get("raw-spring");
				System.out.printf(Locale.ROOT, "settings: %d messages per round, one single-partition topic each; Ferry "
						+ "publishAll and the baseline KafkaTemplate share one producer configuration (KafkaClientConfig of "
						+ "the same KafkaOptions: acks=all, idempotence, the same linger.ms and batch.size); both hand over "
						+ "the whole round and then wait for every acknowledgement; same Jackson bytes, key = customer, the "
						+ "baseline carrying Ferry's two headers (a random UUID as ferry-id, the type as ferry-type); "
						+ "contenders interleaved round by round in a rotating order%n",
						messages);
				System.out.printf(Locale.ROOT,
						"KafkaTemplate.send with spring-kafka's type header only (no message id): %.0f msgs/s (Ferry's ratio %.3f)%n",
						rawSpring, viaFerry / rawSpring);
				System.out.printf(Locale.ROOT,
						"kafka transport alone (pre-encoded messages, no publisher): %.0f msgs/s (ratio %.3f)%n",
						transportOnly, transportOnly / raw);
				return new Result(viaFerry, raw,
						"KafkaTemplate.send of Jackson bytes with Ferry's two headers (ferry-id, ferry-type), same producer settings");
			}
		}
	}

}
