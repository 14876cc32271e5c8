package dev.ferry.test.faults;

import java.time.Duration;
import java.util.Map;

import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.kafka.KafkaTestBroker;
import dev.ferry.test.net.TcpOutageProxy;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The fault suite on Kafka: an embedded KRaft broker of its own, reached through a
 * {@link TcpOutageProxy} (the broker advertises the proxy's port) so the outage drops every client
 * connection and refuses new ones while the broker keeps its logs and offsets. Stopping and starting
 * the embedded broker itself was tried: its {@code BrokerServer} does not start again in the same JVM
 * ("fatal error while waiting for the broker metadata publishers").
 */
class KafkaFaultTests extends FaultSuite {

	private static final int PARTITIONS = 4;

	@Override
	protected FaultFixture createFixture() {
		return new KafkaFaultFixture();
	}

	private static final class KafkaFaultFixture implements FaultFixture {

		private final TcpOutageProxy proxy = new TcpOutageProxy(TcpOutageProxy.freePort(), 0);

		private final EmbeddedKafkaKraftBroker broker = startBroker(this.proxy);

		private final KafkaTransport transport = new KafkaTransport(KafkaOptions
			.builder("localhost:" + this.proxy.port())
			.operationTimeout(Duration.ofSeconds(20))
			// The outage lasts seconds: let the clients reconnect quickly.
			.clientProperty("reconnect.backoff.max.ms", 500)
			.build(), null);

		private static EmbeddedKafkaKraftBroker startBroker(TcpOutageProxy proxy) {
			EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
			broker.brokerProperties(Map.of("auto.create.topics.enable", "false", "offsets.topic.replication.factor", "1",
					"group.initial.rebalance.delay.ms", "0", "advertised.listeners",
					"EXTERNAL://localhost:" + proxy.port()));
			broker.brokerListProperty(KafkaTestBroker.BROKER_LIST_PROPERTY);
			proxy.open();
			broker.afterPropertiesSet();
			String listener = broker.getBrokersAsString();
			proxy.target(Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1)));
			return broker;
		}

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
			this.broker.addTopics(new NewTopic(name, PARTITIONS, (short) 1), new NewTopic(name + ".DLT", PARTITIONS, (short) 1));
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
			this.proxy.cut();
		}

		@Override
		public void endOutage() {
			this.proxy.open();
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
			this.broker.destroy();
			this.proxy.close();
		}

	}

}
