package dev.ferry.benchmarks.sns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.test.aws.LocalAws;
import dev.ferry.transport.sns.SnsTransport;
import io.awspring.cloud.sns.core.SnsTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sns-publish}: Ferry's {@code publishAll} (PublishBatch, requests in flight together) against a
 * raw PublishBatch loop doing the same work (Jackson body, two String attributes the size of Ferry's
 * own headers, ten entries per request, every request in flight at once), on the LocalAws SNS
 * stand-in, topics without subscribers so only publishing is measured. Spring Cloud AWS's
 * {@code SnsTemplate}, one message per call, is printed beside. Rounds are interleaved.
 */
public final class SnsPublishScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 2_000;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** The benchmark's payload, the same for every contender. */
	public record OrderPlaced(String orderId, String customer, int quantity, double amount) {
	}

	@Override
	public String name() {
		return "sns-publish";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(ch.qos.logback.classic.Level.WARN);
		}
		OrderPlaced order = new OrderPlaced("o-1", "c-42", 3, 19.99);
		try (LocalAws aws = LocalAws.start();
				SnsAsyncClient sns = SnsAsyncClient.builder().endpointOverride(aws.snsEndpoint()).region(aws.region())
					.credentialsProvider(aws.credentialsProvider()).build();
				SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(aws.sqsEndpoint()).region(aws.region())
					.credentialsProvider(aws.credentialsProvider()).build();
				SnsClient blocking = aws.newSnsClient()) {
			String rawTopic = sns.createTopic(b -> b.name("bench-publish-raw")).join().topicArn();
			String templateTopic = sns.createTopic(b -> b.name("bench-publish-template")).join().topicArn();
			try (Ferry ferry = Ferry.builder()
				.transport(new SnsTransport(sns, sqs))
				.destination(Destination.of("orders", SnsTransport.NAME, "bench-publish-ferry"))
				.provision(true)
				.hardeningMode(HardeningMode.OFF)
				.build()) {
				ferry.start();
				SnsTemplate template = new SnsTemplate(blocking);
				Map<String, List<Double>> rates = new LinkedHashMap<>();
				for (String name : List.of("ferry", "raw", "template")) {
					rates.put(name, new ArrayList<>());
				}
				for (int round = 0; round < options.warmupRounds() + options.rounds(); round++) {
					boolean measured = round >= options.warmupRounds();
					long ferryNanos = time(() -> {
						List<OutboundMessage> batch = new ArrayList<>(messages);
						for (int i = 0; i < messages; i++) {
							batch.add(OutboundMessage.of("orders", order));
						}
						ferry.publisher().publishAll(batch).throwIfAnyFailed();
					});
					long rawNanos = time(() -> rawLoop(sns, rawTopic, order, messages));
					// one message per call is slow: a tenth of the messages is enough for its rate
					int templateMessages = Math.max(messages / 10, 1);
					long templateNanos = time(() -> {
						for (int i = 0; i < templateMessages; i++) {
							template.sendNotification(templateTopic, MAPPER.writeValueAsString(order), null);
						}
					});
					if (measured) {
						rates.get("ferry").add(messages / (ferryNanos / 1e9));
						rates.get("raw").add(messages / (rawNanos / 1e9));
						rates.get("template").add(templateMessages / (templateNanos / 1e9));
					}
				}
				double viaFerry = median(rates.get("ferry"));
				double raw = median(rates.get("raw"));
				double viaTemplate = median(rates.get("template"));
				System.out.printf(Locale.ROOT, "Ferry publishAll: %.0f msgs/s%n", viaFerry);
				System.out.printf(Locale.ROOT, "raw PublishBatch doing Ferry's work (Jackson body, two attributes): "
						+ "%.0f msgs/s (ratio %.2f, target >= 0.9)%n", raw, viaFerry / raw);
				System.out.printf(Locale.ROOT, "SnsTemplate.sendNotification one by one: %.0f msgs/s (ratio %.2f)%n",
						viaTemplate, viaFerry / viaTemplate);
				return new Result(viaFerry, raw, "raw PublishBatch loop doing the same work");
			}
		}
	}

	/** Ten entries per request, every request in flight at once, as Ferry sends them. */
	private static void rawLoop(SnsAsyncClient sns, String topicArn, OrderPlaced order, int count) {
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (int from = 0; from < count; from += 10) {
			List<PublishBatchRequestEntry> entries = new ArrayList<>();
			for (int i = from; i < Math.min(from + 10, count); i++) {
				entries.add(PublishBatchRequestEntry.builder()
					.id(Integer.toString(i - from))
					.message(MAPPER.writeValueAsString(order))
					.messageAttributes(Map.of("ferry-message-id", string(UUID.randomUUID().toString()), "ferry-type",
							string(OrderPlaced.class.getName())))
					.build());
			}
			sends.add(sns.publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(entries)).thenAccept(response -> {
				if (!response.failed().isEmpty()) {
					throw new IllegalStateException("raw PublishBatch failed: " + response.failed());
				}
			}));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	private static long time(ThrowingRunnable task) throws Exception {
		long start = System.nanoTime();
		task.run();
		return System.nanoTime() - start;
	}

	private static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

}
