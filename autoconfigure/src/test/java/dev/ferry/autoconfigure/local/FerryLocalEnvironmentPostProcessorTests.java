package dev.ferry.autoconfigure.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FerryLocalEnvironmentPostProcessorTests {

	@Test
	void startsLocalAwsPointsSpringCloudAwsAtItAndStopsItWithTheContext() {
		ConfigurableApplicationContext context = run("--ferry.local.enabled=true");
		String endpoint;
		try {
			endpoint = context.getEnvironment().getProperty("spring.cloud.aws.sqs.endpoint");
			assertThat(endpoint).startsWith("http://127.0.0.1:");
			assertThat(context.getEnvironment().getProperty("spring.cloud.aws.region.static")).isEqualTo("us-east-1");
			assertThat(context.getEnvironment().getProperty("spring.cloud.aws.credentials.access-key")).isNotBlank();
			assertThat(context.getBean(LocalStandIns.class).started()).hasSize(1);
			try (SqsClient sqs = SqsClient.builder()
				.endpointOverride(URI.create(endpoint))
				.region(Region.US_EAST_1)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
				.build()) {
				String url = sqs.createQueue(request -> request.queueName("local-check")).queueUrl();
				assertThat(url).contains("local-check");
			}
			String snsEndpoint = context.getEnvironment().getProperty("ferry.local.endpoint.sns");
			assertThat(context.getEnvironment().getProperty("spring.cloud.aws.sns.endpoint")).isEqualTo(snsEndpoint);
			assertThat(context.getEnvironment().getProperty("ferry.local.endpoint.eventbridge")).startsWith("http://127.0.0.1:");
			try (SnsClient sns = SnsClient.builder()
				.endpointOverride(URI.create(snsEndpoint))
				.region(Region.US_EAST_1)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
				.build()) {
				assertThat(sns.createTopic(request -> request.name("local-check")).topicArn()).endsWith(":local-check");
			}
		}
		finally {
			context.close();
		}
		URI uri = URI.create(endpoint);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
			}
		});
	}

	@Test
	void userSettingsWinAndAnExplicitEndpointStartsNothing() {
		try (ConfigurableApplicationContext context = run("--ferry.local.enabled=true",
				"--spring.cloud.aws.sqs.endpoint=http://sqs.example:9324", "--spring.cloud.aws.region.static=eu-west-1")) {
			assertThat(context.getEnvironment().getProperty("spring.cloud.aws.sqs.endpoint"))
				.isEqualTo("http://sqs.example:9324");
			assertThat(context.getEnvironment().getProperty("spring.cloud.aws.region.static")).isEqualTo("eu-west-1");
			assertThat(context.getBean(LocalStandIns.class).started()).isEmpty();
		}
	}

	@Test
	void disabledByDefault() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.containsBean(LocalStandIns.BEAN_NAME)).isFalse();
			assertThat(context.getEnvironment().containsProperty("spring.cloud.aws.sqs.endpoint")).isFalse();
		}
	}

	@Test
	void standInsNotListedAreNotStarted() {
		try (ConfigurableApplicationContext context = run("--ferry.local.enabled=true",
				"--ferry.local.stand-ins=sns")) {
			assertThat(context.getBean(LocalStandIns.class).started()).isEmpty();
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
