package dev.ferry.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
import dev.ferry.core.hardening.Suppression;
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
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
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

	/** Reason given with KMS findings that {@code ferry.local} suppresses. */
	static final String LOCAL_KMS_REASON = "ferry.local is on: the local stand-ins have no AWS KMS, so no queue "
			+ "can be encrypted with a customer-managed key here; the rule still applies in a deployed environment";

	@Bean
	static FerryListenerAnnotationProcessor ferryListenerAnnotationProcessor() {
		return new FerryListenerAnnotationProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	FerryDestinations ferryDestinations(FerryProperties properties, Environment environment) {
		return new FerryDestinations(properties, environment);
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
			ObjectProvider<FerryCustomizer> customizers, FerryLocalProperties local, Environment environment) {
		if (properties.getShutdownTimeout().isNegative()) {
			throw FerryDestinations.invalid("ferry.shutdown-timeout", "must not be negative, was "
					+ FerryDestinations.written(environment, "ferry.shutdown-timeout", properties.getShutdownTimeout()));
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
		builder.hardeningSuppressions(suppressions(properties.getHardening(), local, transports, inspectors));
		List<ConsumeObserver> all = observers.orderedStream().toList();
		if (!all.isEmpty()) {
			builder.observer(all.size() == 1 ? all.get(0) : new CompositeConsumeObserver(all));
		}
		inspectors.orderedStream().forEach(inspector -> builder.inspector(inspector, inspector.name()));
		customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * {@code ferry.hardening.suppressions}, then — with {@code ferry.local.enabled} — every KMS rule
	 * the inspectors know: the local stand-ins have no AWS KMS, so enforce could never pass there.
	 * Suppressed, not hidden: the report still lists those findings with this reason.
	 */
	private static List<Suppression> suppressions(FerryProperties.Hardening hardening, FerryLocalProperties local,
			ObjectProvider<Transport> transports, ObjectProvider<HardeningInspector> inspectors) {
		List<Suppression> suppressions = new ArrayList<>();
		List<FerryProperties.Suppression> configured = hardening.getSuppressions();
		for (int i = 0; i < configured.size(); i++) {
			FerryProperties.Suppression entry = configured.get(i);
			String at = "ferry.hardening.suppressions[" + i + "].";
			if (!StringUtils.hasText(entry.getRule())) {
				throw FerryDestinations.invalid(at + "rule", "is required: the id of the rule to accept, such as "
						+ "SQS-KMS-001");
			}
			if (!StringUtils.hasText(entry.getReason())) {
				throw FerryDestinations.invalid(at + "reason", "is required: say why " + entry.getRule()
						+ " is accepted (it is printed with the finding)");
			}
			suppressions.add(new Suppression(entry.getRule(), entry.getResource(), entry.getReason()));
		}
		if (local.isEnabled()) {
			Set<String> known = new TreeSet<>();
			transports.orderedStream().forEach(transport -> transport.inspectors()
				.forEach(inspector -> known.addAll(inspector.ruleIds())));
			inspectors.orderedStream().forEach(inspector -> known.addAll(inspector.ruleIds()));
			known.stream()
				.filter(rule -> rule.contains("-KMS-"))
				.forEach(rule -> suppressions.add(new Suppression(rule, null, LOCAL_KMS_REASON)));
		}
		return suppressions;
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
