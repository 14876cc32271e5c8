package dev.ferry.test.contract.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.hardening.Severity;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.transport.kinesis.KinesisTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;

/** Each Kinesis hardening rule fires on a resource that breaks it and stays silent on one that keeps it (moto). */
class KinesisHardeningInspectorTests {

	private final KinesisTestBackend backend = KinesisTestBackend.moto();

	private final KinesisTransport transport = new KinesisTransport(this.backend.sharedKinesis(), this.backend.dynamo(),
			KinesisContractFixture.fastOptions().build());

	private final HardeningInspector inspector = this.transport.inspectors().get(0);

	@AfterEach
	void close() {
		this.transport.close();
	}

	private Destination stream(String prefix) {
		String name = prefix + "-" + UUID.randomUUID();
		this.backend.createStream(name, 1);
		return Destination.of(name, KinesisTransport.NAME, name);
	}

	private List<String> ruleIds(Destination destination) {
		return this.inspector.inspect(List.of(destination)).stream().map(Finding::id).toList();
	}

	@Test
	void encryptionRuleFiresOnPlainAndAwsManagedKeyStreamsAndNotOnACustomerManagedKey() {
		Destination plain = stream("plain");
		Destination awsManaged = stream("aws-key");
		Destination customer = stream("cmk");
		encrypt(awsManaged, "alias/aws/kinesis");
		encrypt(customer, "arn:aws:kms:us-east-1:123456789012:key/" + UUID.randomUUID());

		assertThat(ruleIds(plain)).contains("KINESIS-KMS-001");
		assertThat(ruleIds(awsManaged)).contains("KINESIS-KMS-001");
		assertThat(ruleIds(customer)).doesNotContain("KINESIS-KMS-001");
	}

	@Test
	void retentionRuleFiresWhenRetriesCanOutlastTheRetentionAndNotOtherwise() {
		Destination longRetries = stream("retention").withRetry(
				new RetryPolicy(30, Duration.ofHours(1), 1.0, Duration.ofHours(1), 0));
		Destination defaults = stream("retention-ok");
		this.backend.sharedKinesis().increaseStreamRetentionPeriod(b -> b.streamName(defaults.resource())
			.retentionPeriodHours(168)).join();

		List<Finding> findings = this.inspector.inspect(List.of(longRetries));
		assertThat(findings).filteredOn(f -> f.id().equals("KINESIS-RETENTION-001")).singleElement()
			.satisfies(f -> assertThat(f.problem()).contains("24 h").contains("PT29H"));
		assertThat(ruleIds(defaults)).doesNotContain("KINESIS-RETENTION-001");
	}

	@Test
	void deadLetterRuleFiresForAConsumedDestinationWithoutOneAndNotWithOne() {
		Destination without = stream("no-dlq").withDeadLetter(DeadLetterPolicy.disabled());
		Destination with = stream("with-dlq");
		this.backend.createStream(this.transport.deadLetterResource(with), 1);
		subscribe(without);
		subscribe(with);

		assertThat(ruleIds(without)).contains("KINESIS-DLQ-001");
		assertThat(ruleIds(with)).doesNotContain("KINESIS-DLQ-001");
	}

	@Test
	void leaseTableRuleReportsMissingPointInTimeRecoveryAsInfoAndIsSilentWhenProtected() {
		Destination unprotected = stream("lease").withProperties(Map.of("lease-table", "lease-" + UUID.randomUUID()));
		Destination guarded = stream("lease-ok").withProperties(Map.of("lease-table", "lease-ok-" + UUID.randomUUID()));
		createTable(unprotected.properties().get("lease-table"), false);
		createTable(guarded.properties().get("lease-table"), true);
		subscribe(unprotected);
		subscribe(guarded);

		assertThat(this.inspector.inspect(List.of(unprotected)))
			.filteredOn(f -> f.id().equals("KINESIS-LEASE-001")).singleElement()
			.satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
		assertThat(ruleIds(guarded)).doesNotContain("KINESIS-LEASE-001");
	}

	private void subscribe(Destination destination) {
		this.transport.subscribe(destination, new ReceiveSettings("inspect", 1, false, 10, Duration.ofMinutes(1),
				Duration.ofSeconds(1)), batch -> List.of());
	}

	private void encrypt(Destination destination, String keyId) {
		this.backend.sharedKinesis().startStreamEncryption(b -> b.streamName(destination.resource())
			.encryptionType(EncryptionType.KMS).keyId(keyId)).join();
	}

	private void createTable(String name, boolean protect) {
		this.backend.dynamo().createTable(b -> b.tableName(name)
			.keySchema(KeySchemaElement.builder().attributeName("leaseKey").keyType(KeyType.HASH).build())
			.attributeDefinitions(AttributeDefinition.builder().attributeName("leaseKey")
				.attributeType(ScalarAttributeType.S).build())
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.deletionProtectionEnabled(protect)).join();
		if (protect) {
			this.backend.dynamo().updateContinuousBackups(b -> b.tableName(name)
				.pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true))).join();
		}
	}

}
