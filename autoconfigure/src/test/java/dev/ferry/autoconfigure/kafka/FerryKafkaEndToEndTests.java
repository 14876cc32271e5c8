package dev.ferry.autoconfigure.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.core.consume.FerryListener;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.MessagePublisher;
import dev.ferry.test.kafka.KafkaTestBroker;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A destination moves to Kafka by configuration alone: the same publisher and {@code @FerryListener}
 * code, {@code transport: kafka}, an embedded broker, topics provisioned at start-up.
 */
class FerryKafkaEndToEndTests {

	record OrderPlaced(String orderId) {
	}

	static class OrderListener {

		final Queue<String> received = new ConcurrentLinkedQueue<>();

		@FerryListener(destination = "orders")
		void on(OrderPlaced order, MessageContext context) {
			this.received.add(order.orderId() + "@" + context.attempt());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		OrderListener orderListener() {
			return new OrderListener();
		}

	}

	@Test
	void publishAndListenOverKafkaWithConfigurationOnly() {
		KafkaTestBroker broker = KafkaTestBroker.shared();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, FerryKafkaAutoConfiguration.class,
					FerryAutoConfiguration.class))
			.withUserConfiguration(Listeners.class)
			.withPropertyValues("spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "ferry.provision=true",
					"ferry.kafka.partitions=1", "ferry.listener.poll-timeout=200ms",
					"ferry.destinations.orders.transport=kafka", "ferry.destinations.orders.resource=e2e-orders",
					"ferry.destinations.orders.properties.group-id=e2e-orders-service")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Ferry.class).destinations().get("orders").transport()).isEqualTo("kafka");
				context.getBean(MessagePublisher.class)
					.publish(OutboundMessage.to("orders").payload(new OrderPlaced("o-1")).key("c-1").build());
				OrderListener listener = context.getBean(OrderListener.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> listener.received.contains("o-1@1"));
			});
	}

}
