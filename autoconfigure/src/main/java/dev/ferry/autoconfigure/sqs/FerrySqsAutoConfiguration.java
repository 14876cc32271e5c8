package dev.ferry.autoconfigure.sqs;

import dev.ferry.transport.sqs.KmsKeyLookup;
import dev.ferry.transport.sqs.SqsKeyLookup;
import dev.ferry.transport.sqs.SqsTransport;
import dev.ferry.transport.sqs.SqsXRay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsServiceClientConfiguration;

/**
 * Registers Ferry's {@link SqsTransport} when the SQS SDK is on the classpath and an
 * {@link SqsAsyncClient} bean exists (normally Spring Cloud AWS's, so region, endpoint and
 * credentials come from {@code spring.cloud.aws.*}). Ferry's main auto-configuration picks it up as
 * the transport named {@code sqs}. The transport never creates queues unless
 * {@code ferry.provision=true}, whatever Spring Cloud AWS's own listener would do.
 *
 * <p>Where the KMS SDK ({@code software.amazon.awssdk:kms}, brought by the starter) is present,
 * hardening looks up the keys behind encrypted queues: with the application's {@link KmsClient}
 * bean, or else with one in the SQS client's region, endpoint and credentials (a bean that the
 * context closes).
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration",
		beforeName = "dev.ferry.autoconfigure.FerryAutoConfiguration")
@ConditionalOnClass({ SqsAsyncClient.class, SqsTransport.class })
@ConditionalOnBooleanProperty(name = "ferry.sqs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FerrySqsProperties.class)
public final class FerrySqsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SqsAsyncClient.class)
	SqsTransport ferrySqsTransport(SqsAsyncClient client, FerrySqsProperties properties,
			ObjectProvider<SqsKeyLookup> keys) {
		return new SqsTransport(client, properties.toOptions(), SqsXRay.fromEnvironment(), keys.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KmsClient.class)
	@ConditionalOnBean(SqsAsyncClient.class)
	static class KmsKeyLookupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SqsKeyLookup ferrySqsKeyLookup(KmsClient kms) {
			return new KmsKeyLookup(kms);
		}

		/** A KMS client like the SQS client (region, endpoint, credentials); an application's own wins. */
		@Bean
		@ConditionalOnMissingBean
		KmsClient ferryKmsClient(SqsAsyncClient sqs) {
			SqsServiceClientConfiguration configuration = sqs.serviceClientConfiguration();
			var builder = KmsClient.builder().region(configuration.region());
			if (configuration.credentialsProvider() != null) {
				builder.credentialsProvider(configuration.credentialsProvider());
			}
			configuration.endpointOverride().ifPresent(builder::endpointOverride);
			return builder.build();
		}

	}

}
