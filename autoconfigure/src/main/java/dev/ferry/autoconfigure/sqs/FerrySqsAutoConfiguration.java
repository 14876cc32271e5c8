package dev.ferry.autoconfigure.sqs;

import dev.ferry.transport.sqs.SqsTransport;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Registers Ferry's {@link SqsTransport} when the SQS SDK is on the classpath and an
 * {@link SqsAsyncClient} bean exists (normally Spring Cloud AWS's, so region, endpoint and
 * credentials come from {@code spring.cloud.aws.*}). Ferry's main auto-configuration picks it up as
 * the transport named {@code sqs}. The transport never creates queues unless
 * {@code ferry.provision=true}, whatever Spring Cloud AWS's own listener would do.
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
	SqsTransport ferrySqsTransport(SqsAsyncClient client, FerrySqsProperties properties) {
		return new SqsTransport(client, properties.toOptions());
	}

}
