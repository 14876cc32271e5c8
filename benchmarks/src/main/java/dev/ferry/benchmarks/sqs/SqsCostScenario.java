package dev.ferry.benchmarks.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.benchmarks.RequestCounter;
import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.transport.sqs.SqsTransport;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * {@code sqs-cost}: what 1,000 messages cost in SQS requests, which is what AWS bills. Ferry publishes
 * them with {@code publishAll} and a Ferry listener consumes them; the baseline is a Spring Cloud AWS
 * app with its defaults: {@code SqsTemplate.sendMany} in batches of 10 and a listener container as
 * {@code @SqsListener} builds it (10 concurrent messages, 10 per poll, acknowledgements batched).
 * The Ferry listener runs 10 concurrent messages too, to match; its default of one is printed
 * beside it. Every request each side's client sends is counted per operation with an SDK
 * {@code ExecutionInterceptor}, from the first publish until every message was handled and deleted
 * (the queue holds nothing, visible or in flight). Queue checks use a separate, uncounted client.
 */
public final class SqsCostScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 1_000;

	private static final int CONCURRENCY = 10;

	@Override
	public String name() {
		return "sqs-cost";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		SqsBench.OrderPlaced order = new SqsBench.OrderPlaced("o-1", "c-42", 3, 19.99);
		try (SqsBench bench = new SqsBench()) {
			Map<String, Long> ferry = ferry(bench, order, messages, CONCURRENCY, "bench-cost-ferry");
			Map<String, Long> ferryDefault = ferry(bench, order, messages, 1, "bench-cost-ferry-default");
			Map<String, Long> spring = springCloudAws(bench, order, messages);
			System.out.printf(Locale.ROOT, "settings: %d messages; Ferry publishAll (10 per SendMessageBatch) + Ferry "
					+ "listener, concurrency %d, 20 s long polls, receive fill wait 20 ms, delete window 50 ms (defaults); Spring Cloud AWS SqsTemplate.sendMany, "
					+ "batches of 10 + SqsMessageListenerContainer defaults (maxConcurrentMessages 10, "
					+ "maxMessagesPerPoll 10, pollTimeout 10 s, acknowledgements every 1 s or 10 messages)%n", messages,
					CONCURRENCY);
			print("Ferry (listener concurrency 10)", ferry, messages);
			print("Ferry (listener concurrency 1, the default)", ferryDefault, messages);
			print("Spring Cloud AWS defaults", spring, messages);
			double ferryPer1000 = per1000(ferry, messages);
			double springPer1000 = per1000(spring, messages);
			System.out.printf(Locale.ROOT, "requests per 1,000 messages: Ferry %.0f (target <= 310), Spring Cloud AWS %.0f%n",
					ferryPer1000, springPer1000);
			return new Result(ferryPer1000, springPer1000,
					"Spring Cloud AWS SqsTemplate.sendMany (batches of 10) + SqsMessageListenerContainer defaults",
					"requests/1000msgs, lower is better");
		}
	}

	private static Map<String, Long> ferry(SqsBench bench, SqsBench.OrderPlaced order, int messages, int concurrency,
			String queue) throws Exception {
		String url = bench.createQueue(queue);
		RequestCounter counter = new RequestCounter();
		AtomicInteger handled = new AtomicInteger();
		try (SqsAsyncClient client = bench.countedClient(counter);
				Ferry ferry = Ferry.builder()
					.transport(new SqsTransport(client))
					.destination(Destination.of("orders", SqsTransport.NAME, queue))
					.hardeningMode(HardeningMode.OFF)
					.build()) {
			ferry.listen(ListenerDefinition
				.builder("cost", "orders", SqsBench.OrderPlaced.class, (received, context) -> handled.incrementAndGet())
				.concurrency(concurrency)
				.build());
			ferry.start();
			List<OutboundMessage> batch = new ArrayList<>(messages);
			for (int i = 0; i < messages; i++) {
				batch.add(OutboundMessage.of("orders", order));
			}
			ferry.publisher().publishAll(batch).throwIfAnyFailed();
			awaitDrained(bench, url, handled, messages);
			return counter.snapshot();
		}
	}

	private static Map<String, Long> springCloudAws(SqsBench bench, SqsBench.OrderPlaced order, int messages)
			throws Exception {
		String queue = "bench-cost-spring";
		String url = bench.createQueue(queue);
		RequestCounter counter = new RequestCounter();
		AtomicInteger handled = new AtomicInteger();
		try (SqsAsyncClient client = bench.countedClient(counter)) {
			SqsMessageListenerContainer<Object> container = SqsMessageListenerContainer.builder()
				.sqsAsyncClient(client)
				.queueNames(queue)
				.messageListener(message -> handled.incrementAndGet())
				.build();
			container.start();
			try {
				SqsTemplate template = SqsTemplate.newTemplate(client);
				for (int from = 0; from < messages; from += 10) {
					List<Message<SqsBench.OrderPlaced>> chunk = new ArrayList<>(10);
					for (int i = from; i < Math.min(from + 10, messages); i++) {
						chunk.add(MessageBuilder.withPayload(order).build());
					}
					template.sendMany(queue, chunk);
				}
				awaitDrained(bench, url, handled, messages);
				return counter.snapshot();
			}
			finally {
				container.stop();
			}
		}
	}

	/** Waits until every message was handled and the queue holds none, visible or in flight. */
	private static void awaitDrained(SqsBench bench, String url, AtomicInteger handled, int messages)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		while (handled.get() < messages || bench.remaining(url) > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"after a minute " + handled.get() + " of " + messages + " handled, " + bench.remaining(url) + " left");
			}
			Thread.sleep(50);
		}
	}

	private static double per1000(Map<String, Long> counts, int messages) {
		return counts.values().stream().mapToLong(Long::longValue).sum() * 1000.0 / messages;
	}

	private static void print(String what, Map<String, Long> counts, int messages) {
		System.out.printf(Locale.ROOT, "%s: %.0f requests per 1,000 messages %s%n", what, per1000(counts, messages), counts);
	}

}
