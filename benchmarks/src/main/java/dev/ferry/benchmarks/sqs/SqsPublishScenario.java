package dev.ferry.benchmarks.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.transport.sqs.SqsTransport;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * {@code sqs-publish}: Ferry's {@code publishAll} against a raw SendMessageBatch loop doing the same
 * work (Jackson body, two String attributes the size of Ferry's {@code ferry-id} and
 * {@code ferry-type}), on the same ElasticMQ through the same client in one JVM run. Both send
 * batches of 10 and put every request of a round in flight at once (bounded only by the client's
 * connection limit, the same for all), so the {@code RESULT} ratio compares like with like. Printed
 * beside it: the raw loop with a constant body and no attributes, Spring Cloud AWS's
 * {@code SqsTemplate.sendManyAsync} in batches of 10 with the same requests in flight, and
 * {@code SqsTemplate.send} one message per call (one request in flight), the way a service that
 * does not batch uses it. Rounds are interleaved; purging a queue after each round is not timed.
 */
public final class SqsPublishScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 2_000;

	@Override
	public String name() {
		return "sqs-publish";
	}

	/** Rates climb for five to eight rounds (the SDK and the in-process ElasticMQ compile as they run). */
	@Override
	public int warmupRounds() {
		return 8;
	}

	@Override
	public int rounds() {
		return 12;
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		try (SqsBench bench = new SqsBench()) {
			String ferryUrl = bench.createQueue("bench-publish-ferry");
			String templateUrl = bench.createQueue("bench-publish-template");
			String rawUrl = bench.createQueue("bench-publish-raw");
			SqsBench.OrderPlaced order = new SqsBench.OrderPlaced("o-1", "c-42", 3, 19.99);
			try (Ferry ferry = Ferry.builder()
				.transport(new SqsTransport(bench.client))
				.destination(Destination.of("orders", SqsTransport.NAME, "bench-publish-ferry"))
				.hardeningMode(HardeningMode.OFF)
				.build()) {
				ferry.start();
				SqsTemplate template = SqsTemplate.newTemplate(bench.client);
				Map<String, Double> rates = new Interleaved().add("ferry", count -> {
					List<OutboundMessage> batch = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						batch.add(OutboundMessage.of("orders", order));
					}
					long nanos = Interleaved.time(() -> ferry.publisher().publishAll(batch).throwIfAnyFailed());
					bench.purge(ferryUrl);
					return nanos;
				}).add("rawWithAttributes", count -> {
					long nanos = Interleaved.time(() -> bench.fill(rawUrl, count, true));
					bench.purge(rawUrl);
					return nanos;
				}).add("raw", count -> {
					long nanos = Interleaved.time(() -> bench.fill(rawUrl, count));
					bench.purge(rawUrl);
					return nanos;
				}).add("sendMany", count -> {
					long nanos = Interleaved.time(() -> {
						List<CompletableFuture<?>> sends = new ArrayList<>();
						for (int from = 0; from < count; from += 10) {
							List<Message<SqsBench.OrderPlaced>> chunk = new ArrayList<>(10);
							for (int i = from; i < Math.min(from + 10, count); i++) {
								chunk.add(MessageBuilder.withPayload(order).build());
							}
							sends.add(template.sendManyAsync("bench-publish-template", chunk));
						}
						CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
					});
					bench.purge(templateUrl);
					return nanos;
				}).add("send", count -> {
					// one by one is much slower: a tenth of the messages keeps the round short, the rate is per message
					int few = Math.max(count / 10, 10);
					long nanos = Interleaved.time(() -> {
						for (int i = 0; i < few; i++) {
							template.send(to -> to.queue("bench-publish-template").payload(order));
						}
					});
					bench.purge(templateUrl);
					return nanos * count / few;
				}).run(options, messages);
				double viaFerry = rates.get("ferry");
				double rawWithAttributes = rates.get("rawWithAttributes");
				double raw = rates.get("raw");
				double sendMany = rates.get("sendMany");
				double send = rates.get("send");
				System.out.printf(Locale.ROOT, "settings: %d messages per round; Ferry publishAll and every batched baseline: "
						+ "10 entries per SendMessageBatch, all %d requests of a round in flight at once (SDK Netty client, "
						+ "default max %d connections, one client shared by all); SqsTemplate.send: 1 entry per request, "
						+ "1 request in flight%n", messages, (messages + 9) / 10, 50);
				System.out.printf(Locale.ROOT, "Ferry publishAll: %.0f msgs/s%n", viaFerry);
				System.out.printf(Locale.ROOT, "raw SendMessageBatch doing Ferry's work (Jackson body, two attributes like Ferry's): "
						+ "%.0f msgs/s (ratio %.2f, target >= 0.9)%n", rawWithAttributes, viaFerry / rawWithAttributes);
				System.out.printf(Locale.ROOT, "raw SendMessageBatch, constant body, no attributes: %.0f msgs/s (ratio %.2f)%n",
						raw, viaFerry / raw);
				System.out.printf(Locale.ROOT, "SqsTemplate.sendManyAsync, batches of 10, same requests in flight: %.0f msgs/s "
						+ "(ratio %.2f)%n", sendMany, viaFerry / sendMany);
				System.out.printf(Locale.ROOT, "SqsTemplate.send, one message per call: %.0f msgs/s (ratio %.2f)%n", send,
						viaFerry / send);
				return new Result(viaFerry, rawWithAttributes,
						"raw SendMessageBatch loop doing Ferry's work: Jackson body, ferry-id and ferry-type attributes, "
								+ "10 per request, all requests in flight");
			}
		}
	}

}
