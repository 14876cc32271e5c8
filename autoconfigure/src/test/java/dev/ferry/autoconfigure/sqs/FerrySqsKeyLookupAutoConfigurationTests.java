package dev.ferry.autoconfigure.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import dev.ferry.transport.sqs.KmsKeyLookup;
import dev.ferry.transport.sqs.SqsKeyLookup;
import dev.ferry.transport.sqs.SqsTransport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The KMS key lookup of SQS hardening is wired where the KMS SDK is present, and only there. */
class FerrySqsKeyLookupAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerrySqsAutoConfiguration.class))
		.withBean(SqsAsyncClient.class, FerrySqsKeyLookupAutoConfigurationTests::sqs);

	private static SqsAsyncClient sqs() {
		return SqsAsyncClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:1"))
			.region(Region.EU_WEST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
	}

	@Test
	void withTheKmsSdkALookupOnAKmsClientLikeTheSqsClientIsWired() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(SqsTransport.class).hasSingleBean(KmsKeyLookup.class);
			KmsClient kms = context.getBean(KmsClient.class);
			assertThat(kms.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
			assertThat(kms.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:1"));
		});
	}

	@Test
	void anApplicationsKmsClientIsUsed() {
		KmsClient own = KmsClient.builder()
			.region(Region.US_WEST_2)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("y", "y")))
			.build();
		this.runner.withBean(KmsClient.class, () -> own).run(context -> {
			assertThat(context).hasSingleBean(KmsClient.class).hasSingleBean(SqsKeyLookup.class);
			assertThat(context.getBean(KmsClient.class)).isSameAs(own);
		});
	}

	@Test
	void withoutTheKmsSdkTheTransportStillStartsAndNoLookupIsWired() {
		this.runner.withClassLoader(new FilteredClassLoader(KmsClient.class)).run(context -> {
			assertThat(context).hasNotFailed().hasSingleBean(SqsTransport.class).doesNotHaveBean(SqsKeyLookup.class);
		});
	}

}
