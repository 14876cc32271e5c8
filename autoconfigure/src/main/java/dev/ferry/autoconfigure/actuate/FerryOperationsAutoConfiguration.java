package dev.ferry.autoconfigure.actuate;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.core.engine.Ferry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Operations for a running Ferry, each part only where its library is present: the {@code ferry}
 * health contributor (Spring Boot's health module; {@code management.health.ferry.enabled}), the
 * {@code ferry} Actuator endpoint (exposed only as the application exposes endpoints) and the backlog
 * gauges (Micrometer and a registry).
 */
@AutoConfiguration(after = FerryAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnBean(Ferry.class)
@EnableConfigurationProperties(FerryOperationsProperties.class)
public final class FerryOperationsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthContributor.class)
	@ConditionalOnEnabledHealthIndicator("ferry")
	static final class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "ferryHealthContributor")
		HealthContributor ferryHealthContributor(Ferry ferry, FerryOperationsProperties properties) {
			if (properties.getFailingAfter() < 1) {
				throw new IllegalArgumentException(
						"ferry.operations.failing-after must be at least 1, was " + properties.getFailingAfter());
			}
			return new FerryHealthContributor(ferry, properties.getHealthTimeout(), properties.getFailingAfter());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(FerryEndpoint.class)
	static final class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FerryEndpoint ferryEndpoint(Ferry ferry, FerryOperationsProperties properties) {
			return new FerryEndpoint(ferry, properties.getRedriveTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static final class BacklogMetricsConfiguration {

		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		@ConditionalOnMissingBean
		FerryBacklogMetrics ferryBacklogMetrics(Ferry ferry, MeterRegistry registry, FerryOperationsProperties properties) {
			return new FerryBacklogMetrics(ferry, registry, properties.getBacklogInterval());
		}

	}

}
