package dev.ferry.benchmarks.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.ferry.benchmarks.Rounds;
import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.message.OutboundMessage;

/**
 * {@code kafka-publish}: Ferry's {@code publishAll} (Jackson conversion, Ferry headers, one result per
 * entry) against a raw {@code KafkaTemplate} sending Jackson-serialized records with the same
 * producer settings, both waiting for every broker acknowledgement; same embedded broker, same run.
 */
public final class KafkaPublishScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 20_000;

	/** Messages handed to one publishAll call, as an application publishing in batches would. */
	private static final int CHUNK = 500;

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
				double raw = Rounds.medianRate(options, messages, count -> fixture.fillRaw(rawTopic, count));
				double viaFerry = Rounds.medianRate(options, messages, count -> {
					List<OutboundMessage> chunk = new ArrayList<>(CHUNK);
					List<CompletableFuture<Void>> pending = new ArrayList<>();
					for (int i = 0; i < count; i++) {
						KafkaBenchmarkFixture.OrderPlaced order = KafkaBenchmarkFixture.order(i);
						chunk.add(OutboundMessage.to(destination.name()).payload(order).key(order.customer()).build());
						if (chunk.size() == CHUNK || i == count - 1) {
							List<OutboundMessage> batch = chunk;
							chunk = new ArrayList<>(CHUNK);
							pending.add(CompletableFuture
								.runAsync(() -> ferry.publisher().publishAll(batch).throwIfAnyFailed()));
						}
					}
					CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
				});
				return new Result(viaFerry, raw, "KafkaTemplate.send of Jackson bytes, same producer settings");
			}
		}
	}

}
