package dev.ferry.autoconfigure.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.autoconfigure.MeteredMessagePublisher;
import dev.ferry.autoconfigure.MicrometerConsumeObserver;
import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.BatchResult;
import dev.ferry.core.consume.Delivery;
import dev.ferry.core.consume.FerryListener;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.consume.NonRetryableException;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerContainer;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.MessagePublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FerryListenerAnnotationProcessorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryAutoConfiguration.class))
		.withPropertyValues("ferry.default-transport=in-memory", "ferry.listener.poll-timeout=50ms",
				"ferry.destinations.orders.retry.max-attempts=2", "ferry.destinations.orders.retry.initial-delay=10ms",
				"ferry.destinations.orders.retry.max-delay=20ms", "ferry.destinations.orders-dlq.resource=orders-dlq",
				"ferry.destinations.orders-dlq.dead-letter.enabled=false");

	@Test
	void singleListenerReceivesPayloadAndContext() {
		this.contextRunner.withBean("orderHandler", OrderHandler.class).run(context -> {
			context.getBean(MessagePublisher.class).publish("orders", new Order("o-1", 1));
			OrderHandler handler = context.getBean(OrderHandler.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> handler.received.size() == 1);
			assertThat(handler.received.get(0)).isEqualTo(new Order("o-1", 1));
			assertThat(handler.contexts.get(0).destination()).isEqualTo("orders");
		});
	}

	@Test
	void listenerIdDefaultsToBeanAndMethodNameAndConcurrencyResolvesPlaceholders() {
		this.contextRunner.withBean("orderHandler", OrderHandler.class)
			.withPropertyValues("app.concurrency=3")
			.run(context -> {
				List<ListenerContainer> containers = context.getBean(Ferry.class).containers();
				assertThat(containers).extracting(ListenerContainer::id)
					.containsExactlyInAnyOrder("orderHandler.on", "dead-letters");
				ListenerContainer dead = containers.stream().filter(c -> c.id().equals("dead-letters")).findFirst()
					.orElseThrow();
				assertThat(dead.definition().concurrency()).isEqualTo(3);
				assertThat(containers.get(0).isRunning()).isTrue();
			});
	}

	@Test
	void poisonMessageReachesDeadLetterListenerWithInfo() {
		this.contextRunner.withBean("orderHandler", OrderHandler.class).run(context -> {
			context.getBean(MessagePublisher.class).publish("orders", new Order("o-2", -1));
			OrderHandler handler = context.getBean(OrderHandler.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> handler.deadLetters.size() == 1);
			assertThat(handler.deadLetters.get(0).errorCode()).isEqualTo(DeadLetterInfo.NON_RETRYABLE);
			assertThat(handler.deadLetters.get(0).exceptionType()).isEqualTo(NonRetryableException.class.getName());
		});
	}

	@Test
	void idempotencyKeyExpressionSuppressesDuplicatesWithOtherMessageIds() {
		this.contextRunner.withBean("keyed", KeyedHandler.class).run(context -> {
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			publisher.publish(OutboundMessage.to("orders").id("m-1").payload(new Order("o-7", 1)).build());
			publisher.publish(OutboundMessage.to("orders").id("m-2").payload(new Order("o-7", 1)).build());
			publisher.publish(OutboundMessage.to("orders").id("m-3").payload(new Order("o-8", 1)).build());
			KeyedHandler handler = context.getBean(KeyedHandler.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> handler.handled.size() == 2);
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
				.until(() -> handler.handled.size() == 2);
			assertThat(handler.handled).containsExactlyInAnyOrder("o-7", "o-8");
		});
	}

	@Test
	void batchListenerReportsPartialFailure() {
		this.contextRunner.withBean("batch", BatchHandler.class).run(context -> {
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			publisher.publishAll(List.of(OutboundMessage.of("orders", new Order("ok-1", 1)),
					OutboundMessage.of("orders", new Order("bad", 1)), OutboundMessage.of("orders", new Order("ok-2", 1))));
			BatchHandler handler = context.getBean(BatchHandler.class);
			// "bad" is tried max-attempts (2) times, the others once.
			await().atMost(Duration.ofSeconds(5)).until(() -> handler.attempts.getOrDefault("bad", 0) == 2);
			assertThat(handler.attempts).containsEntry("ok-1", 1).containsEntry("ok-2", 1);
		});
	}

	@Test
	void payloadListBatchListenerIsAllOrNothing() {
		this.contextRunner.withBean("payloads", PayloadListHandler.class).run(context -> {
			context.getBean(MessagePublisher.class).publish("orders", new Order("o-1", 1));
			PayloadListHandler handler = context.getBean(PayloadListHandler.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> handler.count.get() == 1);
		});
	}

	@Test
	void recordsOutcomesInMicrometer() {
		this.contextRunner.withBean("orderHandler", OrderHandler.class)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run(context -> {
				context.getBean(MessagePublisher.class).publish("orders", new Order("o-1", 1));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> registry.find(MicrometerConsumeObserver.DURATION)
						.tags("messaging.consumer.group.name", "orderHandler.on", "messaging.destination.name", "orders",
								"ferry.outcome", "ack", "error.type", "none", "messaging.system", "in-memory")
						.timer() != null);
				assertThat(registry.find(MicrometerConsumeObserver.CONSUMED)
					.tags("messaging.consumer.group.name", "orderHandler.on", "messaging.operation.name", "receive")
					.counter()
					.count()).isEqualTo(1.0);
				assertThat(registry.find(MeteredMessagePublisher.SENT)
					.tags("messaging.destination.name", "orders", "error.type", "none")
					.counter()
					.count()).isEqualTo(1.0);
			});
	}

	@Test
	void unknownDestinationFailsNamingMethodAndProperty() {
		this.contextRunner.withBean(UnknownDestination.class)
			.run(context -> assertThat(context).getFailure()
				.isInstanceOf(FerryConfigurationException.class)
				.hasMessageContaining(UnknownDestination.class.getName() + ".on")
				.hasMessageContaining("ferry.destinations.nowhere"));
	}

	@Test
	void unsupportedSignatureFailsNamingMethod() {
		this.contextRunner.withBean(BadSignature.class)
			.run(context -> assertThat(context).getFailure()
				.isInstanceOf(FerryConfigurationException.class)
				.hasMessageContaining(BadSignature.class.getName() + ".on")
				.hasMessageContaining("void on(T payload, MessageContext context)"));
	}

	@Test
	void invalidConcurrencyFailsNamingMethod() {
		this.contextRunner.withBean(BadConcurrency.class)
			.run(context -> assertThat(context).getFailure()
				.isInstanceOf(FerryConfigurationException.class)
				.hasMessageContaining(BadConcurrency.class.getName() + ".on")
				.hasMessageContaining("concurrency"));
	}

	@Test
	void lazyBeanCreatedAfterStartIsRegisteredAndStarted() {
		this.contextRunner.withUserConfiguration(LazyConfiguration.class).run(context -> {
			Ferry ferry = context.getBean(Ferry.class);
			assertThat(ferry.containers()).isEmpty();
			KeyedHandler handler = context.getBean(KeyedHandler.class);
			assertThat(ferry.containers()).extracting(ListenerContainer::id).containsExactly("lazyHandler.on");
			context.getBean(MessagePublisher.class).publish("orders", new Order("o-lazy", 1));
			await().atMost(Duration.ofSeconds(5)).until(() -> handler.handled.contains("o-lazy"));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class LazyConfiguration {

		@Bean
		@Lazy
		KeyedHandler lazyHandler() {
			return new KeyedHandler();
		}

	}

	record Order(String orderId, int quantity) {
	}

	static class OrderHandler {

		final List<Order> received = new CopyOnWriteArrayList<>();

		final List<MessageContext> contexts = new CopyOnWriteArrayList<>();

		final List<DeadLetterInfo> deadLetters = new CopyOnWriteArrayList<>();

		@FerryListener(destination = "orders")
		void on(Order order, MessageContext context) {
			if (order.quantity() < 0) {
				throw new NonRetryableException("quantity must not be negative");
			}
			this.received.add(order);
			this.contexts.add(context);
		}

		@FerryListener(destination = "orders-dlq", id = "dead-letters", concurrency = "${app.concurrency:1}")
		void onDeadLetter(Delivery<Order> delivery) {
			this.deadLetters.add(delivery.context().deadLetterInfo().orElseThrow());
		}

	}

	static class KeyedHandler {

		final List<String> handled = new CopyOnWriteArrayList<>();

		@FerryListener(destination = "orders", idempotencyKey = "#payload.orderId()",
				idempotent = FerryListener.Idempotency.ON)
		void on(Order order) {
			this.handled.add(order.orderId());
		}

	}

	static class BatchHandler {

		final Map<String, Integer> attempts = new ConcurrentHashMap<>();

		@FerryListener(destination = "orders", batch = true)
		BatchResult on(List<Delivery<Order>> batch) {
			BatchResult.Builder result = BatchResult.builder();
			for (Delivery<Order> delivery : batch) {
				this.attempts.merge(delivery.payload().orderId(), 1, Integer::sum);
				if (delivery.payload().orderId().equals("bad")) {
					result.fail(delivery, new IllegalStateException("bad order"));
				}
			}
			return result.build();
		}

	}

	static class PayloadListHandler {

		final AtomicInteger count = new AtomicInteger();

		@FerryListener(destination = "orders", batch = true)
		void on(List<Order> orders) {
			this.count.addAndGet(orders.size());
		}

	}

	static class UnknownDestination {

		@FerryListener(destination = "nowhere")
		void on(Order order) {
		}

	}

	static class BadSignature {

		@FerryListener(destination = "orders")
		void on(MessageContext context, Order order) {
		}

	}

	static class BadConcurrency {

		@FerryListener(destination = "orders", concurrency = "many")
		void on(Order order) {
		}

	}

}
