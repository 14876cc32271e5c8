package dev.ferry.autoconfigure.eventbridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.Headers;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.aws.LocalAws;
import dev.ferry.transport.eventbridge.EventBridgeTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EventBridge transport is registered with a client pointed at {@code ferry.local}'s stand-in,
 * publishes through it, and backs off when disabled or when the SDK is missing.
 */
class FerryEventBridgeAutoConfigurationTests {

	private static LocalAws aws;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryEventBridgeAutoConfiguration.class))
		.withBean(AwsRegionProvider.class, () -> () -> Region.US_EAST_1)
		.withBean(AwsCredentialsProvider.class, () -> aws.credentialsProvider());

	@BeforeAll
	static void start() {
		aws = LocalAws.start();
	}

	@AfterAll
	static void stop() {
		aws.close();
	}

	@Test
	void registersTheTransportWithAClientOnTheLocalEndpoint() {
		aws.eventBridgeClient().createEventBus(b -> b.name("autoconfigured"));
		this.runner.withPropertyValues("ferry.local.endpoint.eventbridge=" + aws.eventBridgeEndpoint(),
				"ferry.eventbridge.send-attempts=2", "ferry.eventbridge.max-request-size=512KB",
				"ferry.eventbridge.publish.batch-window=0")
			.run(context -> {
				assertThat(context).hasSingleBean(EventBridgeTransport.class).hasSingleBean(EventBridgeAsyncClient.class);
				EventBridgeTransport transport = context.getBean(EventBridgeTransport.class);
				assertThat(context.getBean(Transport.class).name()).isEqualTo("eventbridge");
				assertThat(transport.options().sendAttempts()).isEqualTo(2);
				assertThat(transport.options().maxRequestBytes()).isEqualTo(512 * 1024);
				assertThat(transport.options().publishBatchWindow()).isZero();
				List<SendResult> results = transport.send(Destination.of("shipped", "eventbridge", "autoconfigured"),
						List.of(new EncodedMessage("1", "{\"orderId\":\"o-1\"}".getBytes(StandardCharsets.UTF_8),
								Headers.of(Map.of("ferry-type", "com.example.OrderShipped")), null, null, Duration.ZERO)))
					.join();
				assertThat(results).singleElement().isInstanceOf(SendResult.Accepted.class);
			});
	}

	@Test
	void backsOffWhenDisabledOrWithoutTheSdk() {
		this.runner.withPropertyValues("ferry.eventbridge.enabled=false", "ferry.eventbridge.endpoint=http://127.0.0.1:1")
			.run(context -> assertThat(context).doesNotHaveBean(EventBridgeTransport.class));
		this.runner.withClassLoader(new FilteredClassLoader(EventBridgeAsyncClient.class))
			.run(context -> assertThat(context).doesNotHaveBean(EventBridgeTransport.class));
	}

	@Test
	void keepsTheApplicationsOwnClient() {
		EventBridgeAsyncClient own = EventBridgeAsyncClient.builder()
			.region(Region.US_EAST_1)
			.credentialsProvider(aws.credentialsProvider())
			.endpointOverride(aws.eventBridgeEndpoint())
			.build();
		this.runner.withBean(EventBridgeAsyncClient.class, () -> own)
			.run(context -> assertThat(context.getBean(EventBridgeAsyncClient.class)).isSameAs(own));
		own.close();
	}

}
