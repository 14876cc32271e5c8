package dev.ferry.test.contract.kafka;

import java.util.Map;

import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.test.kafka.KafkaTestBroker;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;

/**
 * The Kafka transport passes the whole contract on an embedded KRaft broker (one broker, topics of
 * two partitions, each destination with its own topic, dead-letter topic and consumer group).
 */
class KafkaTransportContractTests extends TransportContractTests {

	static final int PARTITIONS = 2;

	@Override
	protected TransportFixture createFixture() {
		KafkaTestBroker broker = KafkaTestBroker.shared();
		KafkaTransport transport = new KafkaTransport(KafkaOptions.builder(broker.bootstrapServers()).build(), null);
		return new TransportFixture() {

			@Override
			public Transport transport() {
				return transport;
			}

			@Override
			public Destination createDestination(String name, DestinationSpec spec) {
				broker.createTopics(PARTITIONS, name, name + ".DLT");
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
