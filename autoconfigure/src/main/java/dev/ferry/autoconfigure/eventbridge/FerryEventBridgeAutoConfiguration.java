package dev.ferry.autoconfigure.eventbridge;

import java.net.URI;

import dev.ferry.transport.eventbridge.EventBridgeTransport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Registers Ferry's {@link EventBridgeTransport} when the EventBridge SDK is on the classpath.
 * Spring Cloud AWS has no EventBridge client, so one is created unless the application defines an
 * {@link EventBridgeAsyncClient} bean: with Spring Cloud AWS's region and credentials providers when
 * present, and the endpoint of {@code ferry.eventbridge.endpoint}, else of the local stand-in
 * ({@code ferry.local.endpoint.eventbridge}). The {@link SqsAsyncClient} bean, when there is one,
 * serves the rule target queues listeners consume through. Nothing is created on AWS unless
 * {@code ferry.provision=true}.
 */
@AutoConfiguration(afterName = { "io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration",
		"io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration",
		"io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration" },
		beforeName = "dev.ferry.autoconfigure.FerryAutoConfiguration")
@ConditionalOnClass({ EventBridgeAsyncClient.class, SqsAsyncClient.class, EventBridgeTransport.class })
@ConditionalOnBooleanProperty(name = "ferry.eventbridge.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FerryEventBridgeProperties.class)
public final class FerryEventBridgeAutoConfiguration {

	/** Property under which {@code ferry.local} publishes the local stand-in's endpoint. */
	static final String LOCAL_ENDPOINT = "ferry.local.endpoint.eventbridge";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EventBridgeAsyncClient ferryEventBridgeClient(FerryEventBridgeProperties properties, Environment environment,
			ObjectProvider<AwsRegionProvider> regions, ObjectProvider<AwsCredentialsProvider> credentials) {
		EventBridgeAsyncClientBuilder builder = EventBridgeAsyncClient.builder();
		regions.ifAvailable(region -> builder.region(region.getRegion()));
		credentials.ifAvailable(builder::credentialsProvider);
		URI endpoint = properties.getEndpoint();
		if (endpoint == null && environment.containsProperty(LOCAL_ENDPOINT)) {
			endpoint = URI.create(environment.getRequiredProperty(LOCAL_ENDPOINT));
		}
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(EventBridgeAsyncClient.class)
	EventBridgeTransport ferryEventBridgeTransport(EventBridgeAsyncClient client,
			ObjectProvider<SqsAsyncClient> sqs, FerryEventBridgeProperties properties) {
		SqsAsyncClient queues = sqs.getIfAvailable();
		return queues != null ? new EventBridgeTransport(client, queues, properties.toOptions())
				: new EventBridgeTransport(client, properties.toOptions());
	}

}
