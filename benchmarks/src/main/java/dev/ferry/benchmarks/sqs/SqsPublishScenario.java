package dev.ferry.benchmarks.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.transport.sqs.SqsTransport;
import io.awspring.cloud.sqs.operations.SqsTemplate;

/**
 * {@code sqs-publish}: Ferry's {@code publishAll} (SendMessageBatch, requests in flight together)
 * against Spring Cloud AWS's {@code SqsTemplate.send} called once per message, and against a raw
 * SendMessageBatch loop with the same requests in flight, all on the same ElasticMQ in one JVM run.
 * The result's baseline is {@code SqsTemplate}; the raw-batch figures (without and with two attributes
 * the size of Ferry's own headers) are printed. Rounds are interleaved; purging a queue after each
 * round is not timed.
 */
public final class SqsPublishScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 2_000;

	@Override
	public String name() {
		return "sqs-publish";
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
				}).add("template", count -> {
					long nanos = Interleaved.time(() -> {
						for (int i = 0; i < count; i++) {
							template.send(to -> to.queue("bench-publish-template").payload(order));
						}
					});
					bench.purge(templateUrl);
					return nanos;
				}).add("raw", count -> {
					long nanos = Interleaved.time(() -> bench.fill(rawUrl, count));
					bench.purge(rawUrl);
					return nanos;
				}).add("rawWithAttributes", count -> {
					long nanos = Interleaved.time(() -> bench.fill(rawUrl, count, true));
					bench.purge(rawUrl);
					return nanos;
				}).run(options, messages);
				double viaFerry = rates.get("ferry");
				double viaTemplate = rates.get("template");
				double raw = rates.get("raw");
				double rawWithAttributes = rates.get("rawWithAttributes");
				System.out.printf(Locale.ROOT, "Ferry publishAll: %.0f msgs/s%n", viaFerry);
				System.out.printf(Locale.ROOT, "SqsTemplate.send one by one: %.0f msgs/s (ratio %.2f, target >= 5)%n",
						viaTemplate, viaFerry / viaTemplate);
				System.out.printf(Locale.ROOT, "raw SendMessageBatch: %.0f msgs/s (ratio %.2f, target >= 0.9)%n", raw,
						viaFerry / raw);
				System.out.printf(Locale.ROOT, "raw SendMessageBatch doing Ferry's work (Jackson body, two attributes like Ferry's): %.0f msgs/s (ratio %.2f)%n",
						rawWithAttributes, viaFerry / rawWithAttributes);
				return new Result(viaFerry, viaTemplate, "Spring Cloud AWS SqsTemplate.send, one message per call");
			}
		}
	}

}
