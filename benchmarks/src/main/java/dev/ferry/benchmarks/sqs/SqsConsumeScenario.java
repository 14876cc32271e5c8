package dev.ferry.benchmarks.sqs;

import java.time.Duration;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.transport.sqs.SqsTransport;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sqs-consume}: a Ferry listener against Spring Cloud AWS's listener container (what a plain
 * {@code @SqsListener} runs on) draining the same number of pre-filled messages from ElasticMQ. Both
 * use 10 concurrent messages, 10 per receive, a 1 s poll timeout and Jackson to read the payload;
 * Ferry's idempotency gate is off, since the baseline has none. The clock runs from start() until
 * the last message was handled; rounds are interleaved.
 */
public final class SqsConsumeScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 2_000;

	private static final int CONCURRENCY = 10;

	@Override
	public String name() {
		return "sqs-consume";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		JsonMapper mapper = JsonMapper.builder().build();
		try (SqsBench bench = new SqsBench()) {
			String ferryUrl = bench.createQueue("bench-consume-ferry");
			String containerUrl = bench.createQueue("bench-consume-container");
			SqsTransport transport = new SqsTransport(bench.client);
			Map<String, Double> rates = new Interleaved().add("ferry", count -> {
				bench.fill(ferryUrl, count);
				AtomicInteger handled = new AtomicInteger();
				try (Ferry ferry = Ferry.builder()
					.transport(transport)
					.destination(Destination.of("orders", SqsTransport.NAME, "bench-consume-ferry"))
					.hardeningMode(HardeningMode.OFF)
					.pollTimeout(Duration.ofSeconds(1))
					.build()) {
					ferry.listen(ListenerDefinition
						.builder("bench", "orders", SqsBench.OrderPlaced.class, (order, context) -> handled.incrementAndGet())
						.concurrency(CONCURRENCY)
						.idempotent(false)
						.build());
					long start = System.nanoTime();
					ferry.start();
					await(handled, count);
					return System.nanoTime() - start;
				}
			}).add("container", count -> {
				bench.fill(containerUrl, count);
				AtomicInteger handled = new AtomicInteger();
				SqsMessageListenerContainer<String> container = SqsMessageListenerContainer.<String>builder()
					.sqsAsyncClient(bench.client)
					.queueNames("bench-consume-container")
					.configure(o -> o.maxConcurrentMessages(CONCURRENCY).maxMessagesPerPoll(10)
						.pollTimeout(Duration.ofSeconds(1)))
					.messageListener(message -> {
						mapper.readValue(message.getPayload(), SqsBench.OrderPlaced.class);
						handled.incrementAndGet();
					})
					.build();
				long start = System.nanoTime();
				container.start();
				try {
					await(handled, count);
					return System.nanoTime() - start;
				}
				finally {
					container.stop();
				}
			}).run(options, messages);
			double viaFerry = rates.get("ferry");
			double viaContainer = rates.get("container");
			System.out.printf(Locale.ROOT, "settings: %d pre-filled messages per round; both sides: %d concurrent messages, "
					+ "10 per ReceiveMessage, 1 s poll timeout, one poller, Jackson read; deletes batched (Ferry: up to 10 "
					+ "or 50 ms; container: its defaults, 10 or 1 s); Ferry's idempotency off (the baseline has none)%n",
					messages, CONCURRENCY);
			System.out.printf(Locale.ROOT, "Ferry listener: %.0f msgs/s%n", viaFerry);
			System.out.printf(Locale.ROOT, "Spring Cloud AWS container (@SqsListener): %.0f msgs/s (ratio %.2f, target >= 0.95)%n",
					viaContainer, viaFerry / viaContainer);
			return new Result(viaFerry, viaContainer, "Spring Cloud AWS SqsMessageListenerContainer, as used by @SqsListener");
		}
	}

	private static void await(AtomicInteger handled, int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (handled.get() < count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("only " + handled.get() + " of " + count + " messages handled in 2 minutes");
			}
			Thread.sleep(1);
		}
	}

}
