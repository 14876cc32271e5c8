package dev.ferry.benchmarks.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.Subscription;
import dev.ferry.transport.kafka.KafkaTransport;
import dev.ferry.transport.kafka.KafkaClientConfig;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * {@code kafka-consume}: a Ferry listener (conversion, idempotency gate on its default in-memory
 * store, handler, per-partition commit after the outcome) against a raw spring-kafka record listener
 * container as {@code @KafkaListener} builds it (Jackson read, handler, {@code AckMode.BATCH}). Each
 * round consumes a freshly filled topic; the rate is taken from the first to the last handled
 * record so the consumer group join is not measured.
 */
public final class KafkaConsumeScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 20_000;

	private static final long TIMEOUT_SECONDS = 120;

	@Override
	public String name() {
		return "kafka-consume";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		try (KafkaBenchmarkFixture fixture = new KafkaBenchmarkFixture()) {
			double[] raw = new double[options.rounds()];
			double[] ferry = new double[options.rounds()];
			double[] ferryNoIdempotency = new double[options.rounds()];
			double[] transportOnly = new double[options.rounds()];
			for (int round = -options.warmupRounds(); round < options.rounds(); round++) {
				double rawRate = raw(fixture, messages);
				double ferryRate = viaFerry(fixture, messages, true);
				double plainRate = viaFerry(fixture, messages, false);
				double transportRate = transportOnly(fixture, messages);
				if (round >= 0) {
					transportOnly[round] = transportRate;
					raw[round] = rawRate;
					ferry[round] = ferryRate;
					ferryNoIdempotency[round] = plainRate;
				}
			}
			System.out.printf(Locale.ROOT, "settings: %d records per round on a fresh single-partition topic; Ferry "
					+ "listener and spring-kafka container: one consumer each, the same consumer configuration "
					+ "(KafkaClientConfig, max.poll.records 500), Jackson read, commit per poll (AckMode.BATCH / "
					+ "Ferry's per-partition commit after the outcomes); Ferry's idempotency on (in-memory store), "
					+ "the baseline has none%n", messages);
			System.out.printf(Locale.ROOT, "ferry listener, idempotency off: %.0f msgs/s (ratio %.3f)%n",
					KafkaBenchmarkFixture.median(ferryNoIdempotency),
					KafkaBenchmarkFixture.median(ferryNoIdempotency) / KafkaBenchmarkFixture.median(raw));
			System.out.printf(Locale.ROOT,
					"kafka transport alone (Jackson read in a lambda processor, no pipeline): %.0f msgs/s (ratio %.3f)%n",
					KafkaBenchmarkFixture.median(transportOnly),
					KafkaBenchmarkFixture.median(transportOnly) / KafkaBenchmarkFixture.median(raw));
			return new Result(KafkaBenchmarkFixture.median(ferry), KafkaBenchmarkFixture.median(raw), "spring-kafka record listener container, AckMode.BATCH");
		}
	}

	private static double raw(KafkaBenchmarkFixture fixture, int messages) throws InterruptedException {
		String topic = fixture.newTopic("consume-raw");
		fixture.fillRaw(topic, messages);
		Timing timing = new Timing(messages);
		DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(
				new KafkaClientConfig(fixture.options(), null).consumer(topic + "-raw", 500));
		ContainerProperties properties = new ContainerProperties(topic);
		properties.setAckMode(ContainerProperties.AckMode.BATCH);
		properties.setPollTimeout(200);
		properties.setMessageListener((MessageListener<String, byte[]>) record -> {
			KafkaBenchmarkFixture.OrderPlaced order = KafkaBenchmarkFixture.MAPPER.readValue(record.value(),
					KafkaBenchmarkFixture.OrderPlaced.class);
			timing.handled(order.quantity());
		});
		ConcurrentMessageListenerContainer<String, byte[]> container = new ConcurrentMessageListenerContainer<>(factory,
				properties);
		container.start();
		try {
			return timing.await();
		}
		finally {
			container.stop();
		}
	}

	private static double viaFerry(KafkaBenchmarkFixture fixture, int messages, boolean idempotent)
			throws InterruptedException {
		String topic = fixture.newTopic("consume-ferry");
		fixture.fillRaw(topic, messages);
		Timing timing = new Timing(messages);
		Destination destination = KafkaBenchmarkFixture.destination(topic);
		try (Ferry ferry = fixture.ferry(destination)) {
			ferry.listen(ListenerDefinition
				.builder("bench", destination.name(), KafkaBenchmarkFixture.OrderPlaced.class,
						(order, context) -> timing.handled(order.quantity()))
				.idempotent(idempotent)
				.build());
			ferry.start();
			return timing.await();
		}
	}

	/** The adapter without Ferry's pipeline: shows what the transport itself costs. */
	private static double transportOnly(KafkaBenchmarkFixture fixture, int messages) throws InterruptedException {
		String topic = fixture.newTopic("consume-transport");
		fixture.fillRaw(topic, messages);
		Timing timing = new Timing(messages);
		Destination destination = KafkaBenchmarkFixture.destination(topic);
		try (KafkaTransport transport = new KafkaTransport(fixture.options(), null)) {
			Subscription subscription = transport.subscribe(destination,
					new ReceiveSettings("transport-only", 1, false, 500, Duration.ofSeconds(30), Duration.ofMillis(200)),
					batch -> {
						List<Outcome> outcomes = new ArrayList<>(batch.size());
						for (InboundMessage message : batch) {
							KafkaBenchmarkFixture.OrderPlaced order = KafkaBenchmarkFixture.MAPPER
								.readValue(message.body(), KafkaBenchmarkFixture.OrderPlaced.class);
							timing.handled(order.quantity());
							outcomes.add(Outcome.ack());
						}
						return outcomes;
					});
			subscription.start();
			try {
				return timing.await();
			}
			finally {
				subscription.stop(Duration.ofSeconds(5));
			}
		}
	}

	/** Counts handled records and times first to last. */
	private static final class Timing {

		private final int expected;

		private final CountDownLatch done;

		private final AtomicLong first = new AtomicLong();

		private final AtomicLong last = new AtomicLong();

		private final AtomicLong sink = new AtomicLong();

		Timing(int expected) {
			this.expected = expected;
			this.done = new CountDownLatch(expected);
		}

		void handled(int quantity) {
			long now = System.nanoTime();
			this.first.compareAndSet(0, now);
			this.sink.addAndGet(quantity);
			this.last.set(now);
			this.done.countDown();
		}

		double await() throws InterruptedException {
			if (!this.done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Only " + (this.expected - this.done.getCount()) + " of "
						+ this.expected + " records consumed in " + TIMEOUT_SECONDS + " s");
			}
			return (this.expected - 1) / (Duration.ofNanos(this.last.get() - this.first.get()).toNanos() / 1e9);
		}

	}

}
