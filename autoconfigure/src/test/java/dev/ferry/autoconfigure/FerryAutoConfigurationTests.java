package dev.ferry.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.ferry.core.consume.DefaultErrorClassifier;
import dev.ferry.core.consume.ErrorClassifier;
import dev.ferry.core.convert.PayloadConverter;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.SubscriptionSettings;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.core.idempotency.InMemoryIdempotencyStore;
import dev.ferry.core.publish.MessagePublisher;
import dev.ferry.transport.inmemory.InMemoryTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

class FerryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryAutoConfiguration.class))
		.withPropertyValues("ferry.listener.poll-timeout=100ms");

	@Test
	void createsRuntimePublisherAndDefaults() {
		this.contextRunner.run(context -> {
			assertThat(context).hasSingleBean(Ferry.class)
				.hasSingleBean(MessagePublisher.class)
				.hasSingleBean(InMemoryTransport.class)
				.hasSingleBean(FerryLifecycle.class)
				.hasSingleBean(PayloadConverter.class);
			assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(InMemoryIdempotencyStore.class);
			assertThat(context.getBean(ErrorClassifier.class)).isInstanceOf(DefaultErrorClassifier.class);
			assertThat(context.getBean(Ferry.class).isRunning()).isTrue();
			assertThat(context.getBean(MessagePublisher.class)).isSameAs(context.getBean(Ferry.class).publisher());
		});
	}

	@Test
	void bindsEveryDestinationProperty() {
		this.contextRunner.withPropertyValues("ferry.destinations.orders.transport=in-memory",
				"ferry.destinations.orders.resource=orders-queue", "ferry.destinations.orders.max-message-size=64KB",
				"ferry.destinations.orders.retry.max-attempts=3", "ferry.destinations.orders.retry.initial-delay=2s",
				"ferry.destinations.orders.retry.multiplier=3", "ferry.destinations.orders.retry.max-delay=1m",
				"ferry.destinations.orders.retry.jitter=0.5", "ferry.destinations.orders.dead-letter.resource=orders-dead",
				"ferry.destinations.orders.idempotency.enabled=false", "ferry.destinations.orders.idempotency.lease=5s",
				"ferry.idempotency.record-ttl=2h", "ferry.destinations.orders.poll-timeout=2s",
				"ferry.destinations.orders.properties.fifo=true")
			.run(context -> {
				Destination orders = context.getBean(Ferry.class).destinations().get("orders");
				assertThat(orders.transport()).isEqualTo("in-memory");
				assertThat(orders.resource()).isEqualTo("orders-queue");
				assertThat(orders.maxMessageBytes()).isEqualTo(64 * 1024L);
				assertThat(orders.retry().maxAttempts()).isEqualTo(3);
				assertThat(orders.retry().initialDelay()).isEqualTo(Duration.ofSeconds(2));
				assertThat(orders.retry().multiplier()).isEqualTo(3.0);
				assertThat(orders.retry().maxDelay()).isEqualTo(Duration.ofMinutes(1));
				assertThat(orders.retry().jitter()).isEqualTo(0.5);
				assertThat(orders.deadLetter()).isEqualTo(DeadLetterPolicy.to("orders-dead"));
				assertThat(orders.idempotency())
					.isEqualTo(new IdempotencySettings(false, Duration.ofHours(2), Duration.ofSeconds(5)));
				assertThat(orders.properties()).containsEntry("fifo", "true").containsEntry("poll-timeout", "PT2S");
			});
	}

	@Test
	void bindsSubscriptionAndEnvelopeSettings() {
		this.contextRunner.withPropertyValues("ferry.destinations.events.transport=in-memory",
				"ferry.destinations.events.subscription.transport=sqs",
				"ferry.destinations.events.subscription.raw-delivery=false",
				"ferry.destinations.events.subscription.filter-policy-scope=message-body",
				"ferry.destinations.events.subscription.properties.extra=x",
				"ferry.destinations.events.subscription.listeners.billing.queue=billing-events",
				"ferry.destinations.events.subscription.listeners.billing.dead-letter-queue=billing-events-dead",
				"ferry.destinations.events.subscription.listeners.billing.filter-policy={\"type\":[\"placed\"]}",
				"ferry.destinations.events-dead.transport=in-memory", "ferry.destinations.events-dead.envelope=sns")
			.run(context -> {
				Destination events = context.getBean(Ferry.class).destinations().get("events");
				SubscriptionSettings billing = events.subscription().forListener("billing");
				assertThat(billing.transport()).isEqualTo("sqs");
				assertThat(billing.queue()).isEqualTo("billing-events");
				assertThat(billing.deadLetterQueue()).isEqualTo("billing-events-dead");
				assertThat(billing.properties()).containsEntry("raw-delivery", "false")
					.containsEntry("filter-policy-scope", "message-body")
					.containsEntry("filter-policy", "{\"type\":[\"placed\"]}")
					.containsEntry("extra", "x");
				assertThat(events.subscription().forListener("shipping").queue()).isNull();
				assertThat(events.envelope()).isNull();
				assertThat(context.getBean(Ferry.class).destinations().get("events-dead").envelope()).isEqualTo("sns");
			});
	}

	@Test
	void resourceDefaultsToLogicalNameAndDefaultTransportApplies() {
		this.contextRunner.withPropertyValues("ferry.default-transport=in-memory", "ferry.destinations.payments.retry.max-attempts=2")
			.run(context -> {
				Destination payments = context.getBean(Ferry.class).destinations().get("payments");
				assertThat(payments.transport()).isEqualTo("in-memory");
				assertThat(payments.resource()).isEqualTo("payments");
				assertThat(payments.idempotency()).isEqualTo(IdempotencySettings.defaults());
			});
	}

	@Test
	void destinationWithoutTransportFailsNamingTheProperties() {
		this.contextRunner.withPropertyValues("ferry.destinations.orders.resource=orders-queue")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ferry.destinations.orders.transport")
				.hasMessageContaining("ferry.default-transport"));
	}

	@Test
	void unknownTransportFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("ferry.destinations.orders.transport=carrier-pigeon")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ferry.destinations.orders.transport")
				.hasMessageContaining("carrier-pigeon")
				.hasMessageContaining("in-memory"));
	}

	@Test
	void invalidRetryValueFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("ferry.destinations.orders.transport=in-memory",
					"ferry.destinations.orders.retry.max-attempts=0")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Invalid ferry.destinations.orders.retry.max-attempts: must be at least 1, was 0"));
	}

	@Test
	void durationErrorsNameTheLeafAndEchoTheValueAsWritten() {
		this.contextRunner
			.withPropertyValues("ferry.destinations.orders.transport=in-memory", "ferry.destinations.orders.poll-timeout=-1s")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Invalid ferry.destinations.orders.poll-timeout: must be positive, was -1s")
				.message().doesNotContain("PT-1S"));
		this.contextRunner
			.withPropertyValues("ferry.destinations.orders.transport=in-memory",
					"ferry.destinations.orders.retry.initial-delay=2m", "ferry.destinations.orders.retry.max-delay=90s")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Invalid ferry.destinations.orders.retry.max-delay: must not be below "
						+ "ferry.destinations.orders.retry.initial-delay (2m), was 90s"));
		this.contextRunner.withPropertyValues("ferry.shutdown-timeout=-1s")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("was -1s"));
		this.contextRunner
			.withPropertyValues("ferry.destinations.orders.transport=in-memory",
					"ferry.destinations.orders.idempotency.lease=10ms")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Invalid ferry.destinations.orders.idempotency.lease: must be at least 100ms, was 10ms"));
	}

	@Test
	void transportPropertiesTakeBootsDurationFormats() {
		this.contextRunner
			.withPropertyValues("ferry.destinations.orders.transport=in-memory",
					"ferry.destinations.orders.properties.poll-timeout=30s",
					"ferry.destinations.audit.transport=in-memory",
					"ferry.destinations.audit.properties.poll-timeout=PT0.2S",
					"ferry.destinations.broken.transport=in-memory",
					"ferry.destinations.broken.properties.poll-timeout=soon")
			.run(context -> {
				Ferry ferry = context.getBean(Ferry.class);
				assertThat(ferry.destinations().get("orders").durationProperty("poll-timeout")).hasValue(Duration.ofSeconds(30));
				assertThat(ferry.destinations().get("audit").durationProperty("poll-timeout"))
					.hasValue(Duration.ofMillis(200));
				ferry.listen(ListenerDefinition.builder("orders-listener", "orders", String.class, (payload, ctx) -> {
				}).build());
				assertThatThrownBy(() -> ferry.listen(ListenerDefinition.builder("broken-listener", "broken", String.class,
						(payload, ctx) -> {
						}).build()))
					.hasMessageContaining("Invalid ferry.destinations.broken.properties.poll-timeout")
					.hasMessageContaining("'soon'");
			});
	}

	@Test
	void invalidListenerDefaultFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("ferry.listener.concurrency=0")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ferry.listener.concurrency"));
	}

	@Test
	void bindsGlobalSettings() {
		this.contextRunner
			.withPropertyValues("ferry.hardening.mode=enforce", "ferry.provision=true", "ferry.shutdown-timeout=5s",
					"ferry.idempotency.maximum-size=10", "ferry.listener.concurrency=4")
			.run(context -> {
				FerryProperties properties = context.getBean(FerryProperties.class);
				assertThat(properties.getHardening().getMode()).isEqualTo(HardeningMode.ENFORCE);
				assertThat(properties.isProvision()).isTrue();
				assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getIdempotency().getMaximumSize()).isEqualTo(10);
				assertThat(context.getBean(FerryDestinations.class).concurrency("anything")).isEqualTo(4);
			});
	}

	@Test
	void inMemoryStoreDefaultBoundIsTheStoresOwn() {
		this.contextRunner.run(context -> assertThat(context.getBean(FerryProperties.class)
			.getIdempotency()
			.getMaximumSize()).isEqualTo(InMemoryIdempotencyStore.DEFAULT_MAXIMUM_SIZE).isEqualTo(100_000));
	}

	@Test
	void backsOffForUserBeans() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run(context -> {
			assertThat(context.getBean(IdempotencyStore.class)).isSameAs(context.getBean(UserBeans.class).store);
			assertThat(context.getBean(ErrorClassifier.class)).isSameAs(UserBeans.CLASSIFIER);
			assertThat(context).hasSingleBean(IdempotencyStore.class).hasSingleBean(ErrorClassifier.class);
		});
	}

	@Test
	void backsOffForUserFerry() {
		this.contextRunner.withUserConfiguration(UserFerry.class).run(context -> {
			assertThat(context).hasSingleBean(Ferry.class);
			assertThat(context.getBean(Ferry.class).destinations().contains("own")).isTrue();
		});
	}

	@Test
	void payloadConverterUsesBootsJsonMapper() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run(context -> {
				byte[] body = context.getBean(PayloadConverter.class).encode(new Sample("o-1")).body();
				assertThat(new String(body, StandardCharsets.UTF_8)).contains("\"order_id\"");
			});
	}

	@Test
	void customizerAdjustsTheBuilder() {
		this.contextRunner.withBean(FerryCustomizer.class,
				() -> builder -> builder.destination(Destination.of("customized", "in-memory", "customized")))
			.run(context -> assertThat(context.getBean(Ferry.class).destinations().contains("customized")).isTrue());
	}

	@Test
	void micrometerObserverWhenRegistryPresent() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run(context -> assertThat(context).hasSingleBean(MicrometerConsumeObserver.class));
	}

	@Test
	void noMicrometerObserverWithoutRegistry() {
		this.contextRunner.run(context -> assertThat(context).doesNotHaveBean(MicrometerConsumeObserver.class));
	}

	@Test
	void noMicrometerObserverWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerConsumeObserver.class));
	}

	@Test
	void stopsListenersWhenContextCloses() {
		this.contextRunner.run(context -> {
			Ferry ferry = context.getBean(Ferry.class);
			context.close();
			assertThat(ferry.isRunning()).isFalse();
		});
	}

	@Test
	void invalidIdempotencyStoreSizeFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("ferry.idempotency.maximum-size=0")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ferry.idempotency.maximum-size"));
	}

	@Test
	void negativeShutdownTimeoutFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("ferry.shutdown-timeout=-1s")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ferry.shutdown-timeout"));
	}

	@Test
	void invalidIdempotencyLeaseFailsNamingTheDestination() {
		this.contextRunner
			.withPropertyValues("ferry.destinations.orders.transport=in-memory",
					"ferry.destinations.orders.idempotency.lease=10ms")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ferry.destinations.orders.idempotency")
				.hasMessageContaining("lease"));
	}

	@Test
	void failureAnalyzersAreRegistered() throws Exception {
		List<String> registered = new java.util.ArrayList<>();
		var resources = getClass().getClassLoader().getResources("META-INF/spring.factories");
		while (resources.hasMoreElements()) {
			var properties = PropertiesLoaderUtils.loadProperties(new UrlResource(resources.nextElement()));
			String names = properties.getProperty(FailureAnalyzer.class.getName());
			if (names != null) {
				registered.addAll(List.of(names.split(",")));
			}
		}
		assertThat(registered).contains(FerryFailureAnalyzer.class.getName(), HardeningFailureAnalyzer.class.getName());
	}

	@Test
	void hintsAndGeneratedMetadataAreMerged() {
		assertThat(getClass().getResource("/META-INF/spring-configuration-metadata.json")).isNotNull();
		assertThat(new String(readMetadata(), StandardCharsets.UTF_8)).contains("\"hints\"")
			.contains("\"ferry.default-transport\"");
	}

	private static byte[] readMetadata() {
		try (var in = FerryAutoConfigurationTests.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return in.readAllBytes();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Sample(String orderId) {
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final ErrorClassifier CLASSIFIER = failure -> false;

		final IdempotencyStore store = mock(IdempotencyStore.class);

		@Bean
		IdempotencyStore userStore() {
			return this.store;
		}

		@Bean
		ErrorClassifier userClassifier() {
			return CLASSIFIER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFerry {

		@Bean
		Ferry userFerry() {
			return Ferry.builder().transport(new InMemoryTransport())
				.destinations(List.of(Destination.of("own", "in-memory", "own")))
				.build();
		}

	}

}
