package dev.ferry.test.contract.kafka;

import java.util.List;
import java.util.Map;

import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;
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
		KafkaTransport transport = new KafkaTransport(KafkaOptions.builder(KAFKA.getBootstrapServers()).build(), null);
		return new TransportFixture() {

			@Override
			public Transport transport() {
				return transport;
			}

			@Override
			public Destination createDestination(String name, DestinationSpec spec) {
				try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.getBootstrapServers()))) {
					admin.createTopics(List.of(new NewTopic(name, 2, (short) 1), new NewTopic(name + ".DLT", 2, (short) 1)))
						.all()
						.get();
				}
				catch (Exception ex) {
					throw new IllegalStateException("Could not create topics for " + name, ex);
				}
				return Destination.of(name, KafkaTransport.NAME, name)
					.withRetry(spec.retry())
					.withIdempotency(spec.idempotency())
					.withProperties(Map.of("group-id", name + "-group"));
			}

			@Override
			public Destination deadLetterDestination(String name, Destination source) {
				return Destination.of(name, KafkaTransport.NAME, transport.deadLetterTopic(source))
					.withDeadLetter(DeadLetterPolicy.disabled())
					.withProperties(Map.of("group-id", name + "-group"));
			}

		};
	}

}
