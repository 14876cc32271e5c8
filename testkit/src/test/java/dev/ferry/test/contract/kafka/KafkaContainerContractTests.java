package dev.ferry.test.contract.kafka;

import java.util.Arrays;
import java.util.Map;

import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same contract against a real Apache Kafka broker in a container. Skipped where no Docker
 * engine is available (the embedded broker variant always runs).
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerContractTests extends TransportContractTests {

	@Container
	static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

	@Override
	protected TransportFixture createFixture() {
		return new KafkaContractFixture(KAFKA.getBootstrapServers(), topics -> {
			try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA.getBootstrapServers()))) {
				admin.createTopics(Arrays.stream(topics).map(topic -> new NewTopic(topic, 2, (short) 1)).toList())
					.all()
					.get();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not create topics " + Arrays.toString(topics), ex);
			}
		});
	}

}
