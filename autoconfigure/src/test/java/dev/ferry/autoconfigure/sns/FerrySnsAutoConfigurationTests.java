package dev.ferry.autoconfigure.sns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import dev.ferry.transport.sns.SnsFirehoseCheck;
import dev.ferry.transport.sns.SnsTransport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

class FerrySnsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerrySnsAutoConfiguration.class))
		.withPropertyValues("spring.cloud.aws.region.static=eu-west-1");

	private static SqsAsyncClient sqs() {
		return SqsAsyncClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:1"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
	}

	@Test
	void registersTransportAndAnAsyncClientWithOptionsFromProperties() {
		this.runner.withBean(SqsAsyncClient.class, FerrySnsAutoConfigurationTests::sqs)
			.withPropertyValues("ferry.sns.publish-attempts=5", "ferry.sns.verify-signatures=true",
					"ferry.sns.max-message-size=128KB", "ferry.sns.publish.batch-window=20ms",
					"spring.cloud.aws.sns.endpoint=http://127.0.0.1:9911")
			.run(context -> {
				assertThat(context).hasSingleBean(SnsTransport.class).hasSingleBean(SnsAsyncClient.class);
				SnsTransport transport = context.getBean(SnsTransport.class);
				assertThat(transport.name()).isEqualTo("sns");
				assertThat(transport.options().publishAttempts()).isEqualTo(5);
				assertThat(transport.options().verifySignatures()).isTrue();
				assertThat(transport.options().maxMessageBytes()).isEqualTo(128 * 1024L);
				assertThat(transport.options().publishBatchWindow()).isEqualTo(Duration.ofMillis(20));
				assertThat(transport.options().trustedCertificateEndpoints()).isEmpty();
				SnsAsyncClient client = context.getBean(SnsAsyncClient.class);
				assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
				assertThat(client.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:9911"));
			});
	}

	@Test
	void usesTheApplicationsAsyncClientAndTrustsTheLocalStandInOnlyUnderFerryLocal() {
		SnsAsyncClient own = SnsAsyncClient.builder().region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
		this.runner.withBean(SqsAsyncClient.class, FerrySnsAutoConfigurationTests::sqs)
			.withBean(SnsAsyncClient.class, () -> own)
			.withPropertyValues(FerrySnsAutoConfiguration.LOCAL_ENDPOINT + "=http://127.0.0.1:4575")
			.run(context -> {
				assertThat(context.getBean(SnsAsyncClient.class)).isSameAs(own);
				assertThat(context.getBean(SnsTransport.class).options().trustedCertificateEndpoints())
					.containsExactly(URI.create("http://127.0.0.1:4575"));
			});
	}

	@Test
	void firehoseRuleIsWiredWhereAFirehoseClientExists() {
		this.runner.withBean(SqsAsyncClient.class, FerrySnsAutoConfigurationTests::sqs)
			.withBean(FirehoseClient.class, () -> FirehoseClient.builder().region(Region.US_EAST_1)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build())
			.run(context -> assertThat(context).hasSingleBean(SnsFirehoseCheck.class));
	}

	@Test
	void backsOffWithoutQueueClientWhenDisabledAndWithoutTheSdk() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(SnsTransport.class));
		this.runner.withBean(SqsAsyncClient.class, FerrySnsAutoConfigurationTests::sqs)
			.withPropertyValues("ferry.sns.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(SnsTransport.class));
		this.runner.withBean(SqsAsyncClient.class, FerrySnsAutoConfigurationTests::sqs)
			.withClassLoader(new FilteredClassLoader(SnsAsyncClient.class))
			.run(context -> assertThat(context).doesNotHaveBean(SnsTransport.class));
	}

}
