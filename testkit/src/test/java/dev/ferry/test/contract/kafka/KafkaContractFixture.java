package dev.ferry.test.contract.kafka;

import java.util.Map;
import java.util.function.Consumer;

import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;

/**
 * The contract fixture for any Kafka broker: each destination gets its own topic, dead-letter topic
 * ({@code <topic>.DLT}) and consumer group. How topics are created depends on the broker.
 */
final class KafkaContractFixture implements TransportFixture {

	private final KafkaTransport transport;

	private final Consumer<String[]> createTopics;

	/**
	 * @param bootstrapServers the broker
	 * @param createTopics creates the given topics on it
	 */
	KafkaContractFixture(String bootstrapServers, Consumer<String[]> createTopics) {
		this.transport = new KafkaTransport(KafkaOptions.builder(bootstrapServers).build(), null);
		this.createTopics = createTopics;
	}

	@Override
	public Transport transport() {
		return this.transport;
	}

	@Override
	public Destination createDestination(String name, DestinationSpec spec) {
		this.createTopics.accept(new String[] { name, name + ".DLT" });
		return Destination.of(name, KafkaTransport.NAME, name)
			.withRetry(spec.retry())
			.withIdempotency(spec.idempotency())
			.withProperties(Map.of("group-id", name + "-group"));
	}

	@Override
	public Destination deadLetterDestination(String name, Destination source) {
		return Destination.of(name, KafkaTransport.NAME, this.transport.deadLetterTopic(source))
			.withDeadLetter(DeadLetterPolicy.disabled())
			.withProperties(Map.of("group-id", name + "-group"));
	}

}
