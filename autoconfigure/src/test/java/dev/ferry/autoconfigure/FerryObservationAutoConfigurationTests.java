package dev.ferry.autoconfigure;

import java.util.Map;

import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.observation.ObservationTracePropagation;
import dev.ferry.core.publish.MessagePublisher;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The application's ObservationRegistry reaches Ferry unless {@code ferry.observation.enabled=false}. */
class FerryObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryAutoConfiguration.class))
		.withPropertyValues("ferry.listener.poll-timeout=100ms", "ferry.destinations.orders.transport=in-memory");

	@Test
	void publishesAreObservedThroughTheApplicationsRegistry() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withBean(TestObservationRegistry.class, () -> registry).run(context -> {
			context.getBean(MessagePublisher.class).publish("orders", Map.of("id", "o-1"));
			assertThat(registry).hasObservationWithNameEqualTo(ObservationTracePropagation.PUBLISH)
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("destination", "orders")
				.hasLowCardinalityKeyValue("outcome", "accepted");
		});
	}

	@Test
	void canBeSwitchedOff() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withBean(TestObservationRegistry.class, () -> registry)
			.withPropertyValues("ferry.observation.enabled=false")
			.run(context -> {
				assertThat(context.getBean(FerryProperties.class).getObservation().isEnabled()).isFalse();
				context.getBean(MessagePublisher.class).publish("orders", Map.of("id", "o-1"));
				assertThat(registry).doesNotHaveAnyObservation();
			});
	}

	@Test
	void withoutARegistryBeanPublishingWorksUnobserved() {
		this.contextRunner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(MessagePublisher.class).publish("orders", Map.of("id", "o-1")).messageId())
				.isNotBlank();
			assertThat(context.getBean(dev.ferry.core.engine.Ferry.class).destinations().get("orders").name())
				.isEqualTo("orders");
			assertThat(FerryHeaders.TRACEPARENT).isEqualTo("traceparent");
		});
	}

}
