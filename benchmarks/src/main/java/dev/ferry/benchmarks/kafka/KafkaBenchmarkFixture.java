package dev.ferry.benchmarks.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.test.kafka.KafkaTestBroker;
import dev.ferry.transport.kafka.KafkaClientConfig;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What both Kafka scenarios share: one embedded broker for the run, fresh topics per round, a Ferry
 * runtime over the Kafka transport, and a raw {@link KafkaTemplate} with the very same producer
 * settings ({@code acks=all}, idempotence, {@code linger.ms}) as the baseline.
 */
final class KafkaBenchmarkFixture implements AutoCloseable {

	/** The benchmark's payload. */
	public record OrderPlaced(String orderId, String customer, int quantity, double amount) {
	}

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	/**
	 * Warm-up rounds of both Kafka scenarios: on this machine kind the rates of every contender keep
	 * climbing for about seven rounds of 60,000 (the JIT compiling the client and the in-process
	 * broker, the broker's log warming), so two warm-up rounds measured the warm-up.
	 */
	static final int WARMUP_ROUNDS = 8;

	/** Measured rounds of both Kafka scenarios: rounds of a fraction of a second scatter by ±20 %. */
	static final int ROUNDS = 9;

	/** Header name spring-kafka's {@code JsonSerializer} writes the payload type to. */
	private static final String TYPE_ID_HEADER = "__TypeId__";

	private static final byte[] TYPE_ID = OrderPlaced.class.getName().getBytes(StandardCharsets.UTF_8);

	private final AtomicInteger topics = new AtomicInteger();

	private final KafkaTestBroker broker = startQuietly();

	private final KafkaOptions options = KafkaOptions.builder(this.broker.bootstrapServers()).build();

	private final DefaultKafkaProducerFactory<String, byte[]> producerFactory = new DefaultKafkaProducerFactory<>(
			new KafkaClientConfig(this.options, null).producer());

	private final KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(this.producerFactory);

	/**
	 * Starts the broker with logging at WARN: without a logback configuration everything logs at
	 * DEBUG (the broker's request log, every client's and Ferry's per-record lines), which would be
	 * measured instead of the messaging, and unevenly so.
	 */
	private static KafkaTestBroker startQuietly() {
		if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(ch.qos.logback.classic.Level.WARN);
		}
		return KafkaTestBroker.start();
	}

	KafkaOptions options() {
		return this.options;
	}

	KafkaTemplate<String, byte[]> template() {
		return this.template;
	}

	/** A new single-partition topic (and its dead-letter topic). */
	String newTopic(String prefix) {
		String topic = prefix + "-" + this.topics.incrementAndGet();
		this.broker.createTopics(1, topic, topic + ".DLT");
		return topic;
	}

	static Destination destination(String topic) {
		return Destination.of(topic, KafkaTransport.NAME, topic).withProperties(Map.of("group-id", topic + "-ferry"));
	}

	Ferry ferry(Destination destination) {
		return Ferry.builder()
			.transport(new KafkaTransport(this.options, null))
			.destination(destination)
			.hardeningMode(HardeningMode.OFF)
			.build();
	}

	static OrderPlaced order(int i) {
		return new OrderPlaced("o-" + i, "c-" + (i % 100), 1 + i % 5, 19.99);
	}

	/**
	 * Sends {@code count} orders with the raw template and waits for every acknowledgement. Each
	 * record carries the type header spring-kafka's {@code JsonSerializer} adds by default.
	 */
	void fillRaw(String topic, int count) {
		List<CompletableFuture<?>> sends = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			OrderPlaced order = order(i);
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, order.customer(),
					MAPPER.writeValueAsBytes(order));
			record.headers().add(TYPE_ID_HEADER, TYPE_ID);
			sends.add(this.template.send(record));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
	}

	/**
	 * Like {@link #fillRaw} but doing Ferry's work per record: instead of spring-kafka's type header,
	 * the two headers Ferry adds to every message, a random UUID (from {@code ThreadLocalRandom}, as Ferry's ids) as {@code ferry-id} and the payload
	 * type as {@code ferry-type}.
	 */
	void fillRawWithFerryHeaders(String topic, int count) {
		List<CompletableFuture<?>> sends = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			OrderPlaced order = order(i);
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, order.customer(),
					MAPPER.writeValueAsBytes(order));
			java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
			String id = new UUID(random.nextLong(), random.nextLong()).toString();
			record.headers().add(FerryHeaders.MESSAGE_ID, id.getBytes(StandardCharsets.UTF_8));
			record.headers().add(FerryHeaders.TYPE, TYPE_ID);
			sends.add(this.template.send(record));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
	}

	static double median(double[] rates) {
		double[] sorted = rates.clone();
		java.util.Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	@Override
	public void close() {
		this.producerFactory.destroy();
		this.broker.close();
	}

}
