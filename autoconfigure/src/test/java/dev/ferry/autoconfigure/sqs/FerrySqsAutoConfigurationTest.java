package dev.ferry.autoconfigure.sqs;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.sqs.ElasticMqServer;
import dev.ferry.transport.sqs.SqsTransport;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

class FerrySqsAutoConfigurationTest {

	private static ElasticMqServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerrySqsAutoConfiguration.class));

	@BeforeAll
	static void startServer() {
		server = new ElasticMqServer().start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	private static SqsAsyncClient client() {
		return SqsAsyncClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:1"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
	}

	@Test
	void registersTransportOnTheApplicationsClientWithOptionsFromProperties() {
		this.runner.withBean(SqsAsyncClient.class, FerrySqsAutoConfigurationTest::client)
			.withPropertyValues("ferry.sqs.max-message-size=256KB", "ferry.sqs.send-attempts=5",
					"ferry.sqs.visibility-margin=20s", "ferry.sqs.receive.fill-wait=0",
					"ferry.sqs.receive.delete-window=200ms")
			.run(context -> {
				assertThat(context).hasSingleBean(SqsTransport.class);
				Transport transport = context.getBean(Transport.class);
				assertThat(transport.name()).isEqualTo("sqs");
				SqsTransport sqs = context.getBean(SqsTransport.class);
				assertThat(sqs.options().maxMessageBytes()).isEqualTo(262_144L);
				assertThat(sqs.options().sendAttempts()).isEqualTo(5);
				assertThat(sqs.options().visibilityMargin()).hasSeconds(20);
				assertThat(sqs.options().receiveFillWait()).isZero();
				assertThat(sqs.options().deleteWindow()).hasMillis(200);
			});
	}

	@Test
	void backsOffWithoutAClientWhenDisabledAndWithoutTheSdk() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(SqsTransport.class));
		this.runner.withBean(SqsAsyncClient.class, FerrySqsAutoConfigurationTest::client)
			.withPropertyValues("ferry.sqs.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(SqsTransport.class));
		this.runner.withBean(SqsAsyncClient.class, FerrySqsAutoConfigurationTest::client)
			.withClassLoader(new FilteredClassLoader(SqsAsyncClient.class))
			.run(context -> assertThat(context).doesNotHaveBean(SqsTransport.class));
	}

	@Test
	void userTransportWins() {
		SqsTransport own = new SqsTransport(client());
		this.runner.withBean(SqsAsyncClient.class, FerrySqsAutoConfigurationTest::client)
			.withBean(SqsTransport.class, () -> own)
			.run(context -> assertThat(context.getBean(SqsTransport.class)).isSameAs(own));
	}

	@Test
	void invalidSettingFailsStartUpNamingIt() {
		this.runner.withBean(SqsAsyncClient.class, FerrySqsAutoConfigurationTest::client)
			.withPropertyValues("ferry.sqs.send-attempts=0")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("ferry.sqs.send-attempts"));
	}

	@Test
	void ferryPublishesAndConsumesOnAnSqsDestinationEndToEnd() {
		SqsAsyncClient raw = server.createClient();
		String dlq = server.createQueue(raw, "autoconfig-e2e-dlq", Map.of());
		String dlqArn = raw.getQueueAttributes(b -> b.queueUrl(dlq)
			.attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN))
			.join()
			.attributesAsStrings()
			.get("QueueArn");
		server.createQueue(raw, "autoconfig-e2e", Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.REDRIVE_POLICY,
				"{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}"));
		java.util.Queue<String> received = new java.util.concurrent.ConcurrentLinkedQueue<>();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
					RegionProviderAutoConfiguration.class, SqsAutoConfiguration.class, FerrySqsAutoConfiguration.class,
					dev.ferry.autoconfigure.FerryAutoConfiguration.class))
			.withBean(OrderListener.class, () -> new OrderListener(received))
			.withPropertyValues("spring.cloud.aws.region.static=us-east-1",
					"spring.cloud.aws.credentials.access-key=local", "spring.cloud.aws.credentials.secret-key=local",
					"spring.cloud.aws.sqs.endpoint=" + server.endpoint(), "ferry.listener.poll-timeout=1s",
					"ferry.hardening.mode=warn", "ferry.destinations.orders.transport=sqs",
					"ferry.destinations.orders.resource=autoconfig-e2e")
			.run(context -> {
				assertThat(context).hasNotFailed();
				context.getBean(dev.ferry.core.publish.MessagePublisher.class).publish("orders", "hello");
				org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> received.contains("hello"));
			});
		raw.close();
	}

	@Test
	void missingQueueFailsStartUpUnlessProvisioning() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
					RegionProviderAutoConfiguration.class, SqsAutoConfiguration.class, FerrySqsAutoConfiguration.class,
					dev.ferry.autoconfigure.FerryAutoConfiguration.class))
			.withPropertyValues("spring.cloud.aws.region.static=us-east-1",
					"spring.cloud.aws.credentials.access-key=local", "spring.cloud.aws.credentials.secret-key=local",
					"spring.cloud.aws.sqs.endpoint=" + server.endpoint(), "ferry.listener.poll-timeout=1s",
					"ferry.destinations.ghost.transport=sqs", "ferry.destinations.ghost.resource=autoconfig-ghost")
			.withBean(GhostListener.class, GhostListener::new);
		runner.run(context -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("autoconfig-ghost")
			.hasMessageContaining("ferry.provision=true"));
		runner.withPropertyValues("ferry.provision=true").run(context -> {
			assertThat(context).hasNotFailed();
			SqsAsyncClient raw = server.createClient();
			assertThat(raw.getQueueUrl(b -> b.queueName("autoconfig-ghost-dlq")).join().queueUrl()).endsWith("-dlq");
			raw.close();
		});
	}

	static class OrderListener {

		private final java.util.Queue<String> received;

		OrderListener(java.util.Queue<String> received) {
			this.received = received;
		}

		@dev.ferry.core.consume.FerryListener(destination = "orders")
		void on(String payload) {
			this.received.add(payload);
		}

	}

	static class GhostListener {

		@dev.ferry.core.consume.FerryListener(destination = "ghost")
		void on(String payload) {
		}

	}

	@Test
	void usesSpringCloudAwsClientAgainstRealProtocol() {
		String url = server.createQueue(server.createClient(), "autoconfig-orders", Map.of());
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class, CredentialsProviderAutoConfiguration.class,
					RegionProviderAutoConfiguration.class, SqsAutoConfiguration.class, FerrySqsAutoConfiguration.class))
			.withPropertyValues("spring.cloud.aws.region.static=us-east-1",
					"spring.cloud.aws.credentials.access-key=local", "spring.cloud.aws.credentials.secret-key=local",
					"spring.cloud.aws.sqs.endpoint=" + server.endpoint())
			.run(context -> {
				assertThat(context).hasNotFailed().hasSingleBean(SqsTransport.class);
				SqsTransport transport = context.getBean(SqsTransport.class);
				Destination destination = Destination.of("orders", "sqs", "autoconfig-orders");
				transport.prepare(destination, false);
				List<SendResult> results = transport.send(destination, List.of(new dev.ferry.core.transport.EncodedMessage(
						"m1", "{}".getBytes(), dev.ferry.core.message.Headers.empty(), null, null, java.time.Duration.ZERO)))
					.join();
				assertThat(results.get(0)).isInstanceOf(SendResult.Accepted.class);
				assertThat(url).endsWith("autoconfig-orders");
			});
	}

}
