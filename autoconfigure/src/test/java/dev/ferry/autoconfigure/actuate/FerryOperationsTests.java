package dev.ferry.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.core.consume.FerryListener;
import dev.ferry.core.consume.NonRetryableException;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.publish.MessagePublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class FerryOperationsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryAutoConfiguration.class, FerryOperationsAutoConfiguration.class))
		.withPropertyValues("ferry.default-transport=in-memory", "ferry.listener.poll-timeout=50ms",
				"ferry.destinations.orders.retry.max-attempts=1", "ferry.operations.failing-after=3",
				"management.endpoints.web.exposure.include=ferry")
		.withBean("orders", Orders.class);

	@Test
	void healthHasOneEntryPerTransportAndListener() {
		this.contextRunner.run(context -> {
			CompositeHealthContributor ferry = (CompositeHealthContributor) context.getBean("ferryHealthContributor",
					HealthContributor.class);
			Health transport = indicator(ferry, "transports", "in-memory").health();
			assertThat(transport.getStatus()).isEqualTo(Status.UP);
			Health listener = indicator(ferry, "listeners", "orders.on").health();
			assertThat(listener.getStatus()).isEqualTo(Status.UP);
			assertThat(listener.getDetails()).containsEntry("state", "RUNNING").containsEntry("destination", "orders");
		});
	}

	@Test
	void listenerHealthIsDownAfterConsecutiveFailuresAndUpAfterASuccess() {
		this.contextRunner.run(context -> {
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			CompositeHealthContributor ferry = (CompositeHealthContributor) context.getBean("ferryHealthContributor",
					HealthContributor.class);
			for (int i = 0; i < 3; i++) {
				publisher.publish("orders", "poison-" + i);
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> indicator(ferry, "listeners", "orders.on").health().getStatus().equals(Status.DOWN));
			assertThat(indicator(ferry, "listeners", "orders.on").health().getDetails()).containsKey("lastError")
				.containsEntry("consecutiveFailures", 3L);
			publisher.publish("orders", "good");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> indicator(ferry, "listeners", "orders.on").health().getStatus().equals(Status.UP));
		});
	}

	@Test
	void pausedListenerConsumesNothingUntilResumed() {
		this.contextRunner.run(context -> {
			FerryEndpoint endpoint = context.getBean(FerryEndpoint.class);
			Orders orders = context.getBean(Orders.class);
			assertThat(endpoint.act("listeners", "orders.on", "pause", null)).containsEntry("state", "PAUSED");
			MessagePublisher publisher = context.getBean(MessagePublisher.class);
			for (int i = 0; i < 5; i++) {
				publisher.publish("orders", "order-" + i);
			}
			// The subscription is stopped: the five messages wait in the queue, none was handed over.
			assertThat(backlog(endpoint, "orders", "backlog")).containsEntry("visible", 5L);
			assertThat(orders.handled).isEmpty();
			assertThat(endpoint.act("listeners", "orders.on", "resume", null)).containsEntry("state", "RUNNING");
			await().atMost(Duration.ofSeconds(10)).until(() -> orders.handled.size() == 5);
			assertThat(orders.handled).containsExactlyInAnyOrder("order-0", "order-1", "order-2", "order-3", "order-4");
		});
	}

	@Test
	void endpointShowsDestinationsListenersHardeningAndDeadLetterDepth() {
		this.contextRunner.run(context -> {
			context.getBean(MessagePublisher.class).publish("orders", "poison-1");
			FerryEndpoint endpoint = context.getBean(FerryEndpoint.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Long.valueOf(1).equals(backlog(endpoint, "orders", "deadLetters").get("visible")));
			Map<String, Object> body = endpoint.ferry();
			assertThat(body).containsEntry("running", true);
			assertThat(destination(body, "orders")).containsEntry("transport", "in-memory")
				.containsEntry("resource", "orders");
			@SuppressWarnings("unchecked")
			Map<String, Object> listener = ((List<Map<String, Object>>) body.get("listeners")).get(0);
			assertThat(listener).containsEntry("id", "orders.on").containsEntry("state", "RUNNING");
			assertThat(listener.get("counts")).isEqualTo(Map.of("ack", 0L, "duplicate", 0L, "retry", 0L, "reject", 1L));
			assertThat(listener).containsKey("lastError");
			assertThat(body.get("hardening")).isInstanceOf(Map.class);
			assertThat(((Map<?, ?>) body.get("hardening")).get("ran")).isEqualTo(true);
		});
	}

	@Test
	void unknownActionsAreRefusedWithTheKnownOnes() {
		this.contextRunner.run(context -> {
			FerryEndpoint endpoint = context.getBean(FerryEndpoint.class);
			assertThatIllegalArgumentException().isThrownBy(() -> endpoint.act("listeners", "orders.on", "explode", null))
				.withMessageContaining("pause or resume");
			assertThatIllegalArgumentException().isThrownBy(() -> endpoint.act("listeners", "nobody", "pause", null))
				.withMessageContaining("nobody");
			assertThatIllegalArgumentException().isThrownBy(() -> endpoint.act("queues", "orders", "redrive", null))
				.withMessageContaining("listeners or destinations");
		});
	}

	@Test
	void backlogGaugesShowQueueAndDeadLetterDepth() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
			context.getBean(MessagePublisher.class).publish("orders", "poison-1");
			FerryBacklogMetrics metrics = context.getBean(FerryBacklogMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				metrics.refresh();
				var gauge = registry.find(FerryBacklogMetrics.BACKLOG)
					.tags("messaging.destination.name", "orders", "queue", "dead_letter", "state", "visible")
					.gauge();
				return gauge != null && gauge.value() == 1.0;
			});
			assertThat(registry.find(FerryBacklogMetrics.BACKLOG)
				.tags("messaging.destination.name", "orders", "queue", "main", "state", "visible", "messaging.system",
						"in-memory")
				.gauge()).isNotNull();
			assertThat(registry.find(FerryBacklogMetrics.IN_FLIGHT).tags("messaging.consumer.group.name", "orders.on")
				.gauge()).isNotNull();
		});
	}

	@Test
	void backsOffWithoutTheHealthModuleAndWhenTheIndicatorIsDisabled() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("ferryHealthContributor")
				.hasSingleBean(Ferry.class));
		this.contextRunner.withPropertyValues("management.health.ferry.enabled=false")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("ferryHealthContributor"));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FerryEndpoint.class));
		this.contextRunner.withPropertyValues("ferry.operations.failing-after=0")
			.run(context -> assertThat(context).getFailure().hasMessageContaining("ferry.operations.failing-after"));
	}

	static HealthIndicator indicator(CompositeHealthContributor ferry, String group, String name) {
		CompositeHealthContributor composite = (CompositeHealthContributor) ferry.getContributor(group);
		return (HealthIndicator) composite.getContributor(name);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> destination(Map<String, Object> body, String name) {
		return ((List<Map<String, Object>>) body.get("destinations")).stream()
			.filter(entry -> name.equals(entry.get("name")))
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> backlog(FerryEndpoint endpoint, String destination, String which) {
		return (Map<String, Object>) destination(endpoint.ferry(), destination).get(which);
	}

	static class Orders {

		final Set<String> handled = ConcurrentHashMap.newKeySet();

		@FerryListener(destination = "orders")
		void on(String order) {
			if (order.startsWith("poison")) {
				throw new NonRetryableException("cannot ship " + order);
			}
			this.handled.add(order);
		}

	}

}
