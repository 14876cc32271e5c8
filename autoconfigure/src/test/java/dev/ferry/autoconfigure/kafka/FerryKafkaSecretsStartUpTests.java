package dev.ferry.autoconfigure.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.core.hardening.HardeningException;
import dev.ferry.test.kafka.KafkaTestBroker;
import dev.ferry.test.kafka.SecretsManagerStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Start-ups that fail with SCRAM credentials from Secrets Manager: neither the failure (message,
 * causes, hardening report) nor anything printed while starting carries the password.
 */
@ExtendWith(OutputCaptureExtension.class)
class FerryKafkaSecretsStartUpTests {

	private static final String USER = "ledger-service";

	private static final String PASSWORD = "Correct-Horse-" + UUID.randomUUID();

	private static KafkaTestBroker broker;

	private static SecretsManagerStandIn secrets;

	@BeforeAll
	static void start() {
		broker = KafkaTestBroker.startWithScram();
		broker.createScramUser(USER, PASSWORD);
		broker.createTopics(1, "ledger", "ledger.DLT");
		secrets = SecretsManagerStandIn.start();
	}

	@AfterAll
	static void stop() {
		secrets.close();
		broker.close();
	}

	private ApplicationContextRunner runner(String secretId) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FerryKafkaAutoConfiguration.class, FerryAutoConfiguration.class))
			.withBean(SecretsManagerClient.class, () -> SecretsManagerClient.builder()
				.endpointOverride(secrets.endpoint())
				.region(Region.of(SecretsManagerStandIn.REGION))
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
				.build())
			.withPropertyValues("ferry.kafka.bootstrap-servers=" + broker.bootstrapServers(), "ferry.kafka.auth=scram",
					"ferry.kafka.tls=false", "ferry.kafka.scram.secret-id=" + secretId,
					"ferry.kafka.operation-timeout=3s", "ferry.listener.poll-timeout=200ms",
					"ferry.destinations.ledger.transport=kafka", "ferry.destinations.ledger.resource=ledger");
	}

	private static String everything(Throwable failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

	@Test
	void aPasswordTheBrokerRejectsAppearsNowhere(CapturedOutput output) {
		String wrong = PASSWORD + "-rotated";
		String name = "AmazonMSK_ledger-" + UUID.randomUUID();
		secrets.putSecret(name, "{\"username\":\"" + USER + "\",\"password\":\"" + wrong + "\"}");

		runner(name).run(context -> {
			assertThat(context).hasFailed();
			assertThat(everything(context.getStartupFailure())).doesNotContain(wrong);
		});
		assertThat(output.getAll()).doesNotContain(wrong);
	}

	@Test
	void aHardeningReportAboutInlineCredentialsDoesNotQuoteThem(CapturedOutput output) {
		String name = "AmazonMSK_ledger-" + UUID.randomUUID();
		secrets.putSecret(name, "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}");
		String inline = "Keystore-" + UUID.randomUUID();

		runner(name).withPropertyValues("ferry.hardening.mode=enforce", "ferry.kafka.properties.ssl.key.password=" + inline)
			.run(context -> {
				assertThat(context).getFailure().hasRootCauseInstanceOf(HardeningException.class);
				assertThat(everything(context.getStartupFailure())).contains("KAFKA-CRED-001")
					.doesNotContain(inline)
					.doesNotContain(PASSWORD);
			});
		assertThat(output.getAll()).doesNotContain(inline).doesNotContain(PASSWORD);
	}

}
