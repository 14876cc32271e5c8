package dev.ferry.test.faults;

import java.time.Duration;
import java.util.Map;

import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.kafka.KafkaTestBroker;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;

/** The fault suite on Kafka: an embedded KRaft broker of its own, restarted for the outage. */
class KafkaFaultTests extends FaultSuite {

	private static final int PARTITIONS = 4;

	@Override
	protected FaultFixture createFixture() {
		return new KafkaFaultFixture();
	}

	private static final class KafkaFaultFixture implements FaultFixture {

		private final KafkaTestBroker broker = KafkaTestBroker.start();

		private final KafkaTransport transport = new KafkaTransport(
				KafkaOptions.builder(this.broker.bootstrapServers()).operationTimeout(Duration.ofSeconds(20)).build(),
				null);

		@Override
		public String name() {
			return "kafka";
		}

		@Override
		public Transport transport() {
			return this.transport;
		}

		@Override
		public Destination createDestination(String name, RetryPolicy retry) {
			this.broker.createTopics(PARTITIONS, name, name + ".DLT");
			return Destination.of(name, KafkaTransport.NAME, name)
				.withRetry(retry)
				.withProperties(Map.of("group-id", name + "-group"));
		}

		@Override
		public Destination deadLetterDestination(String name, Destination source) {
			return Destination.of(name, KafkaTransport.NAME, this.transport.deadLetterTopic(source))
				.withDeadLetter(DeadLetterPolicy.disabled())
				.withProperties(Map.of("group-id", name + "-group"));
		}

		@Override
		public void beginOutage() {
			this.broker.stopBrokers();
		}

		@Override
		public void endOutage() {
			this.broker.restartBrokers();
		}

		@Override
		public Duration minimumRetryDelay() {
			return Duration.ofMillis(100);
		}

		@Override
		public int parallelism() {
			return PARTITIONS;
		}

		@Override
		public void close() {
			this.transport.close();
			this.broker.close();
		}

	}

}
