package dev.ferry.benchmarks.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.benchmarks.sqs.Interleaved;
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

	private static final int DEFAULT_MESSAGES = 60_000;

	private static final long TIMEOUT_SECONDS = 120;

	@Override
	public String name() {
		return "kafka-consume";
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
			// contenders interleaved round by round, in an order that rotates, so none always runs right
			// after the same other one (and its garbage)
			java.util.Map<String, Double> rates = new Interleaved()
				.add("raw", count -> nanos(count, raw(fixture, count)))
				.add("ferry", count -> nanos(count, viaFerry(fixture, count, true)))
				.add("ferry-plain", count -> nanos(count, viaFerry(fixture, count, false)))
				.add("transport", count -> nanos(count, transportOnly(fixture, count)))
				.run(options, messages);
			double raw = rates.get("raw");
			double ferry = rates.get("ferry");
			double ferryNoIdempotency = rates.get("ferry-plain");
			double transportOnly = rates.get("transport");
			System.out.printf(Locale.ROOT, "settings: %d records per round on a fresh single-partition topic; Ferry "
					+ "listener and spring-kafka container: one consumer each, the same consumer configuration "
					+ "(KafkaClientConfig, max.poll.records 500), Jackson read, commit per poll (AckMode.BATCH / "
					+ "Ferry's per-partition commit after the outcomes; Ferry's commit also carries the next batch's attempts "
					+ "marker and is made while that batch runs); Ferry's idempotency on (in-memory store), "
					+ "the baseline has none; contenders interleaved round by round in a rotating order%n", messages);
			System.out.printf(Locale.ROOT, "ferry listener, idempotency off: %.0f msgs/s (ratio %.3f)%n",
					ferryNoIdempotency, ferryNoIdempotency / raw);
			System.out.printf(Locale.ROOT,
					"kafka transport alone (Jackson read in a lambda processor, no pipeline): %.0f msgs/s (ratio %.3f)%n",
					transportOnly, transportOnly / raw);
			return new Result(ferry, raw, "spring-kafka record listener container, AckMode.BATCH");
		}
	}

	/** Nanoseconds {@code count} records take at {@code rate} records per second. */
	private static long nanos(int count, double rate) {
		return (long) (count / rate * 1e9);
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
