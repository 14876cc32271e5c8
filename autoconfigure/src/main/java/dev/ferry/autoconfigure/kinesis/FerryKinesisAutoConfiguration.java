package dev.ferry.autoconfigure.kinesis;

import java.net.URI;

import java.util.Locale;

import dev.ferry.core.transport.Transport;
import dev.ferry.transport.kinesis.KinesisTransport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.type.AnnotatedTypeMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.kinesis.coordinator.Scheduler;

/**
 * Registers Ferry's {@link KinesisTransport} (bean name {@code ferryKinesisTransport}, transport
 * name {@code kinesis}) when the Kinesis SDK and the Kinesis Client Library are on the classpath,
 * which {@code ferry-spring-boot-starter-kinesis} brings: the main starter stays free of the KCL's
 * weight. The application's {@link KinesisAsyncClient}, {@link DynamoDbAsyncClient} and
 * {@link CloudWatchAsyncClient} beans are used when it defines them; otherwise Ferry builds the
 * first two from {@code ferry.kinesis.region/endpoint/dynamodb-endpoint} and the SDK's defaults.
 * Dead-letter destinations on other transports ({@code sqs}, {@code sns}) are found among the
 * application's {@link Transport} beans when a listener starts.
 *
 * <p>Besides the classes, something must ask for Kinesis: a destination with
 * {@code transport: kinesis}, {@code ferry.default-transport=kinesis} or a {@code ferry.kinesis.*}
 * setting. Without that no client is built (an AWS client without a region would fail start-up of
 * applications that only have the library on the classpath).
 */
@AutoConfiguration(beforeName = "dev.ferry.autoconfigure.FerryAutoConfiguration")
@ConditionalOnClass({ KinesisAsyncClient.class, DynamoDbAsyncClient.class, Scheduler.class, KinesisTransport.class })
@Conditional(FerryKinesisAutoConfiguration.OnKinesisUsed.class)
@EnableConfigurationProperties(FerryKinesisProperties.class)
public final class FerryKinesisAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	KinesisAsyncClient ferryKinesisClient(FerryKinesisProperties properties) {
		KinesisAsyncClientBuilder builder = KinesisAsyncClient.builder();
		if (properties.getRegion() != null) {
			builder.region(Region.of(properties.getRegion()));
		}
		if (properties.getEndpoint() != null) {
			builder.endpointOverride(URI.create(properties.getEndpoint()));
		}
		return builder.build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DynamoDbAsyncClient ferryKinesisLeaseClient(FerryKinesisProperties properties) {
		DynamoDbAsyncClientBuilder builder = DynamoDbAsyncClient.builder();
		if (properties.getRegion() != null) {
			builder.region(Region.of(properties.getRegion()));
		}
		if (properties.getDynamodbEndpoint() != null) {
			builder.endpointOverride(URI.create(properties.getDynamodbEndpoint()));
		}
		return builder.build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	KinesisTransport ferryKinesisTransport(FerryKinesisProperties properties, KinesisAsyncClient kinesis,
			DynamoDbAsyncClient dynamo, ObjectProvider<CloudWatchAsyncClient> cloudWatch,
			ObjectProvider<Transport> transports) {
		return new KinesisTransport(kinesis, dynamo, cloudWatch.getIfAvailable(), properties.toOptions(),
				name -> transports.orderedStream().filter(transport -> transport.name().equals(name)).findFirst()
					.orElse(null));
	}

	/** Matches when a destination, the default transport or a ferry.kinesis.* setting asks for Kinesis. */
	static final class OnKinesisUsed extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			if (KinesisTransport.NAME.equals(environment.getProperty("ferry.default-transport"))) {
				return ConditionOutcome.match("ferry.default-transport is kinesis");
			}
			if (environment instanceof ConfigurableEnvironment configurable) {
				for (PropertySource<?> source : configurable.getPropertySources()) {
					if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
						continue;
					}
					for (String name : enumerable.getPropertyNames()) {
						String lower = name.toLowerCase(Locale.ROOT);
						if (lower.startsWith("ferry.kinesis.")) {
							return ConditionOutcome.match(name + " is set");
						}
						if (lower.startsWith("ferry.destinations.") && lower.endsWith(".transport")
								&& KinesisTransport.NAME.equals(environment.getProperty(name))) {
							return ConditionOutcome.match(name + " is kinesis");
						}
					}
				}
			}
			return ConditionOutcome.noMatch("no destination uses the kinesis transport and no ferry.kinesis.* is set");
		}

	}

}
