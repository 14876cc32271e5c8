package dev.ferry.autoconfigure.sqs;

import dev.ferry.transport.sqs.KmsKeyLookup;
import dev.ferry.transport.sqs.SqsKeyLookup;
import dev.ferry.transport.sqs.SqsTransport;
import dev.ferry.transport.sqs.SqsXRay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.type.MethodMetadata;
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
 *
 * <p>The SQS client is only needed when something uses it. The transport holds a lazy reference to
 * it, and the beans of Spring Cloud AWS's SQS auto-configuration (client, template, listener
 * container factory) are created on first use instead of at start-up: an application whose
 * destinations are all in memory or on Kafka starts without an AWS region, while one that uses SQS
 * (through Ferry, {@code SqsTemplate} or {@code @SqsListener}) gets the client as before, and a
 * missing region still fails its start-up.
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration",
		beforeName = "dev.ferry.autoconfigure.FerryAutoConfiguration")
@ConditionalOnClass({ SqsAsyncClient.class, SqsTransport.class })
@ConditionalOnBooleanProperty(name = "ferry.sqs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FerrySqsProperties.class)
public final class FerrySqsAutoConfiguration {

	/** Package of Spring Cloud AWS's SQS auto-configuration, whose beans become lazy. */
	static final String SPRING_CLOUD_AWS_SQS = "io.awspring.cloud.autoconfigure.sqs.";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SqsAsyncClient.class)
	SqsTransport ferrySqsTransport(@Lazy SqsAsyncClient client, FerrySqsProperties properties,
			ObjectProvider<SqsKeyLookup> keys) {
		return new SqsTransport(client, properties.toOptions(), SqsXRay.fromEnvironment(), keys.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KmsClient.class)
	@ConditionalOnBean(SqsAsyncClient.class)
	static class KmsKeyLookupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SqsKeyLookup ferrySqsKeyLookup(@Lazy KmsClient kms) {
			return new KmsKeyLookup(kms);
		}

		/**
		 * A KMS client like the SQS client (region, endpoint, credentials); an application's own wins.
		 * Lazy, as the SQS client is: built when hardening first looks up a key.
		 */
		@Bean
		@Lazy
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

	/**
	 * Marks the {@code @Bean}s of Spring Cloud AWS's SQS auto-configuration lazy. Building the
	 * client resolves the region, which fails where none is configured even when nothing would send
	 * a single SQS request.
	 */
	@Bean
	static BeanFactoryPostProcessor ferrySqsClientOnDemand() {
		return beanFactory -> {
			for (String name : beanFactory.getBeanDefinitionNames()) {
				BeanDefinition definition = beanFactory.getBeanDefinition(name);
				if (definition instanceof AnnotatedBeanDefinition annotated) {
					MethodMetadata factoryMethod = annotated.getFactoryMethodMetadata();
					if (factoryMethod != null && factoryMethod.getDeclaringClassName().startsWith(SPRING_CLOUD_AWS_SQS)) {
						definition.setLazyInit(true);
					}
				}
			}
		};
	}

}
