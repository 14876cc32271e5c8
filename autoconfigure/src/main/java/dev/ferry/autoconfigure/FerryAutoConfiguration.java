package dev.ferry.autoconfigure;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.autoconfigure.listener.FerryListenerAnnotationProcessor;
import dev.ferry.autoconfigure.local.FerryLocalProperties;
import dev.ferry.core.consume.DefaultErrorClassifier;
import dev.ferry.core.consume.ErrorClassifier;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.convert.ConversionOptions;
import dev.ferry.core.convert.JacksonPayloadConverter;
import dev.ferry.core.convert.PayloadConverter;
import dev.ferry.core.engine.ConsumeObserver;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.core.idempotency.InMemoryIdempotencyStore;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.publish.MessagePublisher;
import dev.ferry.core.transport.Transport;
import dev.ferry.transport.inmemory.InMemoryTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of Ferry: the {@link Ferry} runtime built from every {@link Transport} bean
 * and {@code ferry.destinations}, its {@link MessagePublisher}, {@code @FerryListener} processing
 * and the lifecycle that starts the listeners once the context is refreshed. Every bean backs off
 * when the application defines its own.
 *
 * <p>Transport auto-configurations (SQS, Kafka, ...) contribute {@link Transport} beans and run
 * before this one. {@link HardeningInspector} beans are added to the transports' own inspectors;
 * an inspector bean inspects the destinations of the transport its {@link HardeningInspector#name()}
 * names.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@EnableConfigurationProperties({ FerryProperties.class, FerryLocalProperties.class, FerryConversionProperties.class,
		FerryLoggingProperties.class })
public final class FerryAutoConfiguration {

	@Bean
	static FerryListenerAnnotationProcessor ferryListenerAnnotationProcessor() {
		return new FerryListenerAnnotationProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	FerryDestinations ferryDestinations(FerryProperties properties) {
		return new FerryDestinations(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	InMemoryTransport ferryInMemoryTransport() {
		return new InMemoryTransport();
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyStore ferryIdempotencyStore(FerryProperties properties) {
		long maximumSize = properties.getIdempotency().getMaximumSize();
		if (maximumSize < 1) {
			throw FerryDestinations.invalid("ferry.idempotency.maximum-size", "must be at least 1, was " + maximumSize);
		}
		return new InMemoryIdempotencyStore(Clock.systemUTC(), maximumSize);
	}

	@Bean
	@ConditionalOnMissingBean
	ErrorClassifier ferryErrorClassifier() {
		return new DefaultErrorClassifier();
	}

	@Bean
	@ConditionalOnMissingBean
	PayloadConverter ferryPayloadConverter(ObjectProvider<JsonMapper> jsonMapper, FerryConversionProperties conversion,
			FerryLoggingProperties logging) {
		ConversionOptions options = ConversionOptions.builder()
			.trustedPackages(conversion.getTrustedPackages())
			.maxNestingDepth(conversion.getMaxNestingDepth())
			.maxDocumentBytes(conversion.getMaxDocumentSize().toBytes())
			.maxStringLength(conversion.getMaxStringLength())
			.maxNumberLength(conversion.getMaxNumberLength())
			.logPayloads(logging.isPayloads())
			.payloadLogMaxChars(logging.getPayloadMaxChars())
			.build();
		// Boot's JsonMapper carries the application's Jackson customizations; without Boot's Jackson
		// auto-configuration, a mapper with the modules found on the classpath.
		return new JacksonPayloadConverter(
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build()), options);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Ferry ferry(FerryProperties properties, FerryDestinations destinations, ObjectProvider<Transport> transports,
			PayloadConverter converter, IdempotencyStore idempotencyStore, ErrorClassifier errorClassifier,
			ObjectProvider<ConsumeObserver> observers, ObjectProvider<HardeningInspector> inspectors,
			ObjectProvider<FerryCustomizer> customizers) {
		if (properties.getShutdownTimeout().isNegative()) {
			throw FerryDestinations.invalid("ferry.shutdown-timeout",
					"must not be negative, was " + properties.getShutdownTimeout());
		}
		Ferry.Builder builder = Ferry.builder()
			.destinations(destinations.all())
			.converter(converter)
			.idempotencyStore(idempotencyStore)
			.errorClassifier(errorClassifier)
			.provision(properties.isProvision())
			.hardeningMode(properties.getHardening().getMode())
			.shutdownTimeout(properties.getShutdownTimeout())
			.pollTimeout(properties.getListener().getPollTimeout());
		transports.orderedStream().forEach(builder::transport);
		List<ConsumeObserver> all = observers.orderedStream().toList();
		if (!all.isEmpty()) {
			builder.observer(all.size() == 1 ? all.get(0) : new CompositeConsumeObserver(all));
		}
		inspectors.orderedStream().forEach(inspector -> builder.inspector(inspector, inspector.name()));
		customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	FerryLifecycle ferryLifecycle(Ferry ferry) {
		return new FerryLifecycle(ferry);
	}

	@Bean
	@ConditionalOnMissingBean
	MessagePublisher ferryMessagePublisher(Ferry ferry,
			ObjectProvider<MeterRegistryHolder> meters) {
		MeterRegistryHolder holder = meters.getIfAvailable();
		return holder != null ? holder.meter(ferry.publisher(), ferry) : ferry.publisher();
	}

	/**
	 * Holds the registry for the publish meters, so the publisher bean method needs no Micrometer
	 * type in its signature (Micrometer is optional).
	 */
	static final class MeterRegistryHolder {

		private final MeterRegistry registry;

		MeterRegistryHolder(MeterRegistry registry) {
			this.registry = registry;
		}

		MessagePublisher meter(MessagePublisher publisher, Ferry ferry) {
			Map<String, String> systems = new HashMap<>();
			ferry.destinations().all().forEach(destination -> systems.put(destination.name(),
					MessagingSystem.of(destination.transport())));
			return new MeteredMessagePublisher(publisher, this.registry, name -> systems.getOrDefault(name, "unknown"));
		}

	}

	/** Consume and publish metrics, when Micrometer and a registry are present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static final class MicrometerConfiguration {

		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		@ConditionalOnMissingBean
		MeterRegistryHolder ferryPublishMeters(MeterRegistry registry) {
			return new MeterRegistryHolder(registry);
		}

		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		@ConditionalOnMissingBean
		MicrometerConsumeObserver ferryMicrometerConsumeObserver(MeterRegistry registry,
				FerryDestinations destinations) {
			Map<String, String> systems = new HashMap<>();
			destinations.all().forEach(destination -> systems.put(destination.name(),
					MessagingSystem.of(destination.transport())));
			return new MicrometerConsumeObserver(registry, name -> systems.getOrDefault(name, "unknown"));
		}

	}

	/**
	 * Observations and trace propagation through the application's {@link ObservationRegistry}
	 * (Spring Boot's, with tracing handlers when Micrometer Tracing is present), unless
	 * {@code ferry.observation.enabled=false}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnProperty(name = "ferry.observation.enabled", havingValue = "true", matchIfMissing = true)
	static final class ObservationConfiguration {

		@Bean
		FerryCustomizer ferryObservationCustomizer(ObjectProvider<ObservationRegistry> registry) {
			return builder -> registry.ifAvailable(builder::observationRegistry);
		}

	}

	/** Tells several observers; one failing observer does not silence the others. */
	private record CompositeConsumeObserver(List<ConsumeObserver> observers) implements ConsumeObserver {

		@Override
		public void onOutcome(String listenerId, InboundMessage message, Outcome outcome, long nanos) {
			for (ConsumeObserver observer : this.observers) {
				try {
					observer.onOutcome(listenerId, message, outcome, nanos);
				}
				catch (RuntimeException ex) {
					// Observers must not throw; a broken one must not fail consumption either.
				}
			}
		}

	}

}
