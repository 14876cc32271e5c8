package dev.ferry.transport.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.ReceiveSettings;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One embedded KRaft broker for every Kafka test class of this module, plus small helpers. */
final class KafkaTestSupport {

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private static EmbeddedKafkaKraftBroker broker;

	private KafkaTestSupport() {
	}

	static synchronized EmbeddedKafkaKraftBroker broker() {
		if (broker == null) {
			EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
			started.brokerProperties(Map.of("auto.create.topics.enable", "false", "group.initial.rebalance.delay.ms",
					"0", "offsets.topic.replication.factor", "1"));
			started.brokerListProperty("spring.embedded.kafka.brokers");
			started.afterPropertiesSet();
			Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
			broker = started;
		}
		return broker;
	}

	static String bootstrap() {
		return broker().getBrokersAsString();
	}

	static KafkaOptions options() {
		return KafkaOptions.builder(bootstrap()).operationTimeout(Duration.ofSeconds(10)).build();
	}

	static String uniqueTopic(String prefix) {
		return prefix + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
	}

	/** Creates the topic and its DLT, and returns a destination for it with its own consumer group. */
	static Destination topicDestination(String prefix, int partitions) {
		String topic = uniqueTopic(prefix);
		broker().addTopics(new NewTopic(topic, partitions, (short) 1), new NewTopic(topic + ".DLT", partitions, (short) 1));
		return Destination.of(topic, KafkaTransport.NAME, topic).withProperties(Map.of("group-id", topic + "-group"));
	}

	static ReceiveSettings settings(String id) {
		return new ReceiveSettings(id, 1, false, 50, Duration.ofSeconds(30), Duration.ofMillis(200));
	}

	static EncodedMessage message(String id, String body, String key) {
		return new EncodedMessage(id, body.getBytes(StandardCharsets.UTF_8),
				Headers.of(Map.of(FerryHeaders.MESSAGE_ID, id, "tenant", "acme")), key, null, Duration.ZERO);
	}

	static List<EncodedMessage> messages(String prefix, int count, String key) {
		return java.util.stream.IntStream.rangeClosed(1, count)
			.mapToObj(i -> message(prefix + "-" + i, "{\"n\":" + i + "}", key))
			.toList();
	}

}
