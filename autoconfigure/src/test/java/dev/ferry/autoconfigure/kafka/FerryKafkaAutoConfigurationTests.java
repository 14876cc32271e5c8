package dev.ferry.autoconfigure.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.transport.Transport;
import dev.ferry.transport.kafka.KafkaAuth;
import dev.ferry.transport.kafka.KafkaClientConfig;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;
import dev.ferry.transport.kafka.ScramCredentials;
import dev.ferry.transport.kafka.ScramCredentialsSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class FerryKafkaAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryKafkaAutoConfiguration.class));

	@Test
	void registersTheKafkaTransportWhenFerryBootstrapServersAreSet() {
		this.runner
			.withPropertyValues("ferry.kafka.bootstrap-servers=localhost:9092", "ferry.kafka.group-id=orders",
					"ferry.kafka.max-request-size=2MB", "ferry.kafka.dead-letter-suffix=-dlt")
			.run(context -> {
				assertThat(context).hasSingleBean(KafkaTransport.class);
				Transport transport = context.getBean(Transport.class);
				assertThat(transport.name()).isEqualTo("kafka");
				KafkaTransport kafka = (KafkaTransport) transport;
				assertThat(kafka.options().bootstrapServers()).isEqualTo("localhost:9092");
				assertThat(kafka.options().groupId()).isEqualTo("orders");
				assertThat(kafka.options().maxRequestSize()).isEqualTo(2 * 1024 * 1024);
				assertThat(kafka.options().defaultDeadLetterTopic("orders")).isEqualTo("orders-dlt");
				assertThat(kafka.clientConfig().security()).containsEntry("security.protocol", "PLAINTEXT");
			});
	}

	@Test
	void fallsBackToSpringBootsBootstrapServers() {
		this.runner.withPropertyValues("spring.kafka.bootstrap-servers=localhost:9092,localhost:9093")
			.run(context -> assertThat(context.getBean(KafkaTransport.class).options().bootstrapServers())
				.isEqualTo("localhost:9092,localhost:9093"));
	}

	@Test
	void backsOffWithoutBootstrapServers() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(KafkaTransport.class));
	}

	@Test
	void backsOffWithoutSpringKafka() {
		this.runner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.withPropertyValues("ferry.kafka.bootstrap-servers=localhost:9092")
			.run(context -> assertThat(context).doesNotHaveBean(KafkaTransport.class));
	}

	@Test
	void iamBindsItsSettingsAndNamesTheMissingMskIamLibrary() {
		// aws-msk-iam-auth is not on this build's classpath: the transport says what to add. The exact
		// IAM client properties are tested in KafkaClientConfigTests.
		this.runner
			.withPropertyValues("ferry.kafka.bootstrap-servers=b-1.msk.example.com:9098", "ferry.kafka.auth=iam",
					"ferry.kafka.iam.role-arn=arn:aws:iam::123456789012:role/orders")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("aws-msk-iam-auth"));
	}

	@Test
	void iamPropertiesBecomeTheMskIamClientConfiguration() {
		FerryKafkaProperties properties = new FerryKafkaProperties();
		properties.setAuth(KafkaAuth.IAM);
		properties.getIam().setRoleArn("arn:aws:iam::123456789012:role/orders");
		KafkaOptions options = properties.toOptions("b-1.msk.example.com:9098");

		assertThat(new KafkaClientConfig(options, null).security()).containsEntry("security.protocol", "SASL_SSL")
			.containsEntry("sasl.mechanism", "AWS_MSK_IAM")
			.containsEntry("sasl.jaas.config",
					"software.amazon.msk.auth.iam.IAMLoginModule required awsRoleArn=\"arn:aws:iam::123456789012:role/orders\";");
	}

	@Test
	void scramReadsTheCredentialsThroughTheCredentialsSource() {
		this.runner
			.withPropertyValues("ferry.kafka.bootstrap-servers=localhost:9092", "ferry.kafka.auth=scram",
					"ferry.kafka.scram.secret-id=AmazonMSK_orders", "ferry.kafka.scram.region=eu-west-1")
			.withBean(ScramCredentialsSource.class, () -> secretId -> new ScramCredentials(secretId + "-user", "pw"))
			.run(context -> {
				assertThat(context).hasSingleBean(SecretsManagerClient.class);
				assertThat(context.getBean(KafkaTransport.class).clientConfig().security())
					.containsEntry("sasl.mechanism", "SCRAM-SHA-512")
					.hasEntrySatisfying("sasl.jaas.config",
							value -> assertThat(value.toString()).contains("username=\"AmazonMSK_orders-user\""));
			});
	}

	@Test
	void scramWithoutASecretIdFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("ferry.kafka.bootstrap-servers=localhost:9092", "ferry.kafka.auth=scram",
					"ferry.kafka.scram.region=eu-west-1")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("ferry.kafka.scram.secret-id"));
	}

}
