package dev.ferry.test.contract.kafka;

import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.test.kafka.KafkaTestBroker;

/**
 * The Kafka transport passes the whole contract on an embedded KRaft broker (one broker, topics of
 * two partitions, each destination with its own topic, dead-letter topic and consumer group).
 */
class KafkaTransportContractTests extends TransportContractTests {

	static final int PARTITIONS = 2;

	@Override
	protected TransportFixture createFixture() {
		KafkaTestBroker broker = KafkaTestBroker.shared();
		return new KafkaContractFixture(broker.bootstrapServers(), topics -> broker.createTopics(PARTITIONS, topics));
	}

}
