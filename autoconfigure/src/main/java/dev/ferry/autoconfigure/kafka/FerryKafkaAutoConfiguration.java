package dev.ferry.autoconfigure.kafka;

import java.net.URI;
import java.util.List;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.transport.kafka.KafkaAuth;
import dev.ferry.transport.kafka.KafkaTransport;
import dev.ferry.transport.kafka.ScramCredentialsSource;
import dev.ferry.transport.kafka.SecretsManagerScramCredentialsSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.kafka.core.KafkaTemplate;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Registers Ferry's {@link KafkaTransport} (bean name {@code ferryKafkaTransport}, transport name
 * {@code kafka}) when spring-kafka is on the classpath and {@code ferry.kafka.bootstrap-servers} or
 * {@code spring.kafka.bootstrap-servers} is set. With {@code ferry.kafka.auth=scram} the SCRAM
 * credentials are read at start-up from Secrets Manager through the application's
 * {@link SecretsManagerClient} bean, or one created from {@code ferry.kafka.scram.region/endpoint}.
 */
@AutoConfiguration(beforeName = "dev.ferry.autoconfigure.FerryAutoConfiguration")
@ConditionalOnClass({ KafkaTemplate.class, KafkaTransport.class })
@Conditional(FerryKafkaAutoConfiguration.OnBootstrapServers.class)
@EnableConfigurationProperties(FerryKafkaProperties.class)
public final class FerryKafkaAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	KafkaTransport ferryKafkaTransport(FerryKafkaProperties properties, Environment environment,
			ObjectProvider<ScramCredentialsSource> scramSource) {
		String servers = bootstrapServers(environment);
		if (servers == null) {
			throw new FerryConfigurationException("ferry.kafka.bootstrap-servers must be set");
		}
		ScramCredentialsSource source = scramSource.getIfAvailable();
		if (properties.getAuth() == KafkaAuth.SCRAM && source == null) {
			throw new FerryConfigurationException("ferry.kafka.auth=scram needs software.amazon.awssdk:secretsmanager "
					+ "on the classpath (or a ScramCredentialsSource bean) to read ferry.kafka.scram.secret-id");
		}
		return new KafkaTransport(properties.toOptions(servers), source);
	}

	/** {@code ferry.kafka.bootstrap-servers}, else Spring Boot's {@code spring.kafka.bootstrap-servers}. */
	static @org.jspecify.annotations.Nullable String bootstrapServers(Environment environment) {
		Binder binder = Binder.get(environment);
		String ferry = binder.bind("ferry.kafka.bootstrap-servers", String.class).orElse(null);
		if (ferry != null && !ferry.isBlank()) {
			return ferry;
		}
		List<String> spring = binder.bind("spring.kafka.bootstrap-servers", Bindable.listOf(String.class))
			.orElse(List.of());
		return spring.isEmpty() ? null : String.join(",", spring);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SecretsManagerClient.class)
	@ConditionalOnProperty(name = "ferry.kafka.auth", havingValue = "scram")
	static class ScramFromSecretsManagerConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		SecretsManagerClient ferryKafkaSecretsManagerClient(FerryKafkaProperties properties) {
			SecretsManagerClientBuilder builder = SecretsManagerClient.builder();
			if (properties.getScram().getRegion() != null) {
				builder.region(Region.of(properties.getScram().getRegion()));
			}
			if (properties.getScram().getEndpoint() != null) {
				builder.endpointOverride(URI.create(properties.getScram().getEndpoint()));
			}
			return builder.build();
		}

		@Bean
		@ConditionalOnMissingBean
		ScramCredentialsSource ferryKafkaScramCredentialsSource(SecretsManagerClient client) {
			return new SecretsManagerScramCredentialsSource(client);
		}

	}

	/** Matches when Ferry's or Spring Boot's Kafka bootstrap servers are set. */
	static final class OnBootstrapServers extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return bootstrapServers(context.getEnvironment()) != null
					? ConditionOutcome.match("Kafka bootstrap servers are set")
					: ConditionOutcome.noMatch("neither ferry.kafka.bootstrap-servers nor spring.kafka.bootstrap-servers is set");
		}

	}

}
