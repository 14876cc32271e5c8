package dev.ferry.benchmarks.sqs;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import dev.ferry.benchmarks.RequestCounter;
import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.transport.sqs.SqsTransport;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * {@code sqs-idle}: what one listener on an empty queue costs. A Ferry listener with its defaults and
 * a Spring Cloud AWS listener container with its defaults each watch their own empty queue, at the
 * same time. After a settling time for start-up (queue URL look-ups, counted and printed apart), the
 * requests each side's client sends during at least 60 s (the first argument, in seconds, when
 * larger) are counted per operation, and the steady polling rate is taken from the spacing of the
 * ReceiveMessage requests (n - 1 intervals from the first to the last) and extrapolated to an hour.
 * A plain count over a one-minute window would round to whole polls.
 */
public final class SqsIdleScenario implements Scenario {

	private static final int MIN_SECONDS = 60;

	private static final Duration SETTLE = Duration.ofSeconds(3);

	@Override
	public String name() {
		return "sqs-idle";
	}

	@Override
	public Result run(Options options) throws Exception {
		int seconds = Math.max(options.messages(), MIN_SECONDS);
		RequestCounter ferryRequests = new RequestCounter();
		RequestCounter springRequests = new RequestCounter();
		try (SqsBench bench = new SqsBench();
				SqsAsyncClient ferryClient = bench.countedClient(ferryRequests);
				SqsAsyncClient springClient = bench.countedClient(springRequests)) {
			bench.createQueue("bench-idle-ferry");
			bench.createQueue("bench-idle-spring");
			SqsMessageListenerContainer<Object> container = SqsMessageListenerContainer.builder()
				.sqsAsyncClient(springClient)
				.queueNames("bench-idle-spring")
				.messageListener(message -> {
				})
				.build();
			try (Ferry ferry = Ferry.builder()
				.transport(new SqsTransport(ferryClient))
				.destination(Destination.of("orders", SqsTransport.NAME, "bench-idle-ferry"))
				.hardeningMode(HardeningMode.OFF)
				.build()) {
				ferry.listen(ListenerDefinition
					.builder("idle", "orders", SqsBench.OrderPlaced.class, (order, context) -> {
					})
					.build());
				ferry.start();
				container.start();
				Thread.sleep(SETTLE.toMillis());
				Map<String, Long> ferryStartUp = ferryRequests.snapshot();
				Map<String, Long> springStartUp = springRequests.snapshot();
				ferryRequests.reset();
				springRequests.reset();
				long start = System.nanoTime();
				Thread.sleep(Duration.ofSeconds(seconds).toMillis());
				double hours = (System.nanoTime() - start) / 3.6e12;
				Map<String, Long> ferryCounts = ferryRequests.snapshot();
				Map<String, Long> spring = springRequests.snapshot();
				double ferryPerHour = ferryRequests.receivesPerHour();
				double springPerHour = springRequests.receivesPerHour();
				System.out.printf(Locale.ROOT, "start-up (first %d s, once per listener): Ferry %s, Spring Cloud AWS %s%n",
						SETTLE.toSeconds(), ferryStartUp, springStartUp);
				System.out.printf(Locale.ROOT, "plain count over the window, extrapolated: Ferry %.0f/h, Spring Cloud AWS %.0f/h%n",
						ferryRequests.total() / hours, springRequests.total() / hours);
				System.out.printf(Locale.ROOT, "settings: one listener per empty queue for %d s, both at the same time; "
						+ "Ferry defaults (concurrency 1, poll timeout 20 s); Spring Cloud AWS container defaults "
						+ "(maxConcurrentMessages 10, maxMessagesPerPoll 10, pollTimeout 10 s)%n", seconds);
				System.out.printf(Locale.ROOT, "Ferry: %.0f requests per hour (steady polling) %s in the window%n", ferryPerHour, ferryCounts);
				System.out.printf(Locale.ROOT, "Spring Cloud AWS: %.0f requests per hour (steady polling) %s in the window%n", springPerHour, spring);
				System.out.printf(Locale.ROOT, "target <= 180 requests per hour (one 20 s long poll at a time)%n");
				return new Result(ferryPerHour, springPerHour, "Spring Cloud AWS SqsMessageListenerContainer defaults",
						"requests/hour idle, lower is better");
			}
			finally {
				container.stop();
			}
		}
	}

}
