package dev.ferry.autoconfigure.sns;

import java.net.URI;
import java.util.List;

import dev.ferry.transport.sns.SnsFirehoseCheck;
import dev.ferry.transport.sns.SnsTransport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Registers Ferry's {@link SnsTransport} when the SNS SDK is on the classpath, an
 * {@link SqsAsyncClient} bean exists for the subscription queues (normally Spring Cloud AWS's) and
 * an {@link SnsAsyncClient} exists or can be built. Spring Cloud AWS registers only a blocking
 * {@code SnsClient}, so when no async client bean exists one is built from Spring Cloud AWS's region
 * and credentials providers and {@code spring.cloud.aws.sns.endpoint}. Under {@code ferry.local} the
 * local stand-in's signing certificates are trusted, and only there.
 */
@AutoConfiguration(afterName = { "io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration",
		"io.awspring.cloud.autoconfigure.sns.SnsAutoConfiguration",
		"io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration",
		"io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration" },
		beforeName = "dev.ferry.autoconfigure.FerryAutoConfiguration")
@ConditionalOnClass({ SnsAsyncClient.class, SqsAsyncClient.class, SnsTransport.class })
@ConditionalOnBooleanProperty(name = "ferry.sns.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FerrySnsProperties.class)
public final class FerrySnsAutoConfiguration {

	/** Set by {@code ferry.local} when it starts the SNS stand-in; its certificates are trusted then. */
	static final String LOCAL_ENDPOINT = "ferry.local.endpoint.sns";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SqsAsyncClient.class)
	SnsAsyncClient ferrySnsAsyncClient(Environment environment, ObjectProvider<AwsRegionProvider> regions,
			ObjectProvider<AwsCredentialsProvider> credentials) {
		SnsAsyncClientBuilder builder = SnsAsyncClient.builder();
		AwsRegionProvider region = regions.getIfAvailable();
		String staticRegion = environment.getProperty("spring.cloud.aws.region.static");
		if (region != null) {
			builder.region(region.getRegion());
		}
		else if (staticRegion != null) {
			builder.region(Region.of(staticRegion));
		}
		AwsCredentialsProvider provider = credentials.getIfAvailable();
		if (provider != null) {
			builder.credentialsProvider(provider);
		}
		String endpoint = environment.getProperty("spring.cloud.aws.sns.endpoint",
				environment.getProperty("spring.cloud.aws.endpoint", ""));
		if (!endpoint.isBlank()) {
			builder.endpointOverride(URI.create(endpoint));
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ SnsAsyncClient.class, SqsAsyncClient.class })
	SnsTransport ferrySnsTransport(SnsAsyncClient sns, SqsAsyncClient sqs, FerrySnsProperties properties,
			Environment environment, ObjectProvider<SnsFirehoseCheck> firehose) {
		String local = environment.getProperty(LOCAL_ENDPOINT);
		List<URI> trusted = local != null && !local.isBlank() ? List.of(URI.create(local)) : List.of();
		return new SnsTransport(sns, sqs, properties.toOptions().withTrustedCertificateEndpoints(trusted),
				firehose.getIfAvailable());
	}

	/** The Firehose rule, where the Firehose SDK and a client bean exist. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(FirehoseClient.class)
	static class FirehoseCheckConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(FirehoseClient.class)
		SnsFirehoseCheck ferrySnsFirehoseCheck(FirehoseClient firehose) {
			return SnsFirehoseCheck.of(firehose);
		}

	}

}
