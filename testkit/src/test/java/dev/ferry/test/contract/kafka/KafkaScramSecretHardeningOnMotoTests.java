package dev.ferry.test.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.Severity;
import dev.ferry.test.aws.MotoServer;
import dev.ferry.transport.kafka.KafkaAuth;
import dev.ferry.transport.kafka.KafkaHardeningInspector;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.ScramCredentials;
import dev.ferry.transport.kafka.ScramCredentialsSource;
import dev.ferry.transport.kafka.SecretsManagerScramCredentialsSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The MSK SCRAM secret rules on moto's Secrets Manager ({@code DescribeSecret}): a secret without a
 * customer-managed KMS key fails (KAFKA-SECRET-002), rotation off warns (KAFKA-SECRET-003), and a
 * secret that cannot be described gives one INFO finding. moto rotates only through a Lambda function
 * it would have to run, so the rotation-on case answers through a source stub.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaScramSecretHardeningOnMotoTests {

	private SecretsManagerClient secrets;

	private KmsClient kms;

	@BeforeAll
	void connect() {
		MotoServer.assumeAvailable();
		this.secrets = MotoServer.shared().client(SecretsManagerClient.builder());
		this.kms = MotoServer.shared().client(KmsClient.builder());
	}

	@AfterAll
	void close() {
		if (this.secrets != null) {
			this.secrets.close();
			this.kms.close();
		}
	}

	@Test
	void secretUnderTheDefaultKeyIsCriticalAndRotationOffWarns() {
		String name = secret(null);
		assertThat(findings(name, new SecretsManagerScramCredentialsSource(this.secrets)))
			.extracting(Finding::id, Finding::severity)
			.containsExactlyInAnyOrder(tuple("KAFKA-SECRET-002", Severity.CRITICAL),
					tuple("KAFKA-SECRET-003", Severity.WARNING));
	}

	@Test
	void secretUnderACustomerManagedKeyOnlyWarnsAboutRotation() {
		String key = this.kms.createKey(b -> b.description("msk scram")).keyMetadata().arn();
		String name = secret(key);
		assertThat(findings(name, new SecretsManagerScramCredentialsSource(this.secrets))).extracting(Finding::id)
			.containsExactly("KAFKA-SECRET-003");
	}

	@Test
	void rotatedSecretUnderACustomerManagedKeyIsSilent() {
		ScramCredentialsSource rotated = new ScramCredentialsSource() {
			@Override
			public ScramCredentials fetch(String secretId) {
				throw new AssertionError("hardening never reads the secret's value");
			}

			@Override
			public Optional<SecretDescription> describe(String secretId) {
				return Optional.of(new SecretDescription("arn:aws:kms:us-east-1:123456789012:key/k", true));
			}
		};
		assertThat(findings("AmazonMSK_rotated", rotated)).isEmpty();
	}

	@Test
	void secretThatCannotBeDescribedSaysSo() {
		try (SecretsManagerClient unreachable = SecretsManagerClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:1"))
			.region(MotoServer.shared().region())
			.credentialsProvider(MotoServer.shared().credentials())
			.build()) {
			assertThat(findings("AmazonMSK_any", new SecretsManagerScramCredentialsSource(unreachable)))
				.singleElement()
				.satisfies(finding -> {
					assertThat(finding.id()).isEqualTo("KAFKA-SECRET-002");
					assertThat(finding.severity()).isEqualTo(Severity.INFO);
					assertThat(finding.problem()).contains("Could not describe");
				});
		}
	}

	private static List<Finding> findings(String secretId, ScramCredentialsSource source) {
		KafkaOptions options = KafkaOptions.builder("127.0.0.1:9096").auth(KafkaAuth.SCRAM).scramSecretId(secretId).build();
		return KafkaHardeningInspector.inspectSecret(options, source);
	}

	private String secret(String kmsKeyId) {
		String name = "AmazonMSK_" + UUID.randomUUID().toString().substring(0, 8);
		this.secrets.createSecret(b -> b.name(name).secretString("{\"username\":\"u\",\"password\":\"p\"}").kmsKeyId(kmsKeyId));
		return name;
	}

}
