package dev.ferry.test.contract.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.Severity;
import dev.ferry.test.aws.MotoServer;
import dev.ferry.transport.sqs.KmsKeyLookup;
import dev.ferry.transport.sqs.SqsKeyLookup;
import dev.ferry.transport.sqs.SqsOptions;
import dev.ferry.transport.sqs.SqsTransport;
import dev.ferry.transport.sqs.SqsXRay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS hardening rules that look real resources up, each shown firing and silent on moto: the KMS
 * key behind the queue (SQS-KMS-001, DescribeKey), the key policy for SNS and EventBridge deliveries
 * (SQS-KMS-002, GetKeyPolicy), the queue policy (SQS-POL-001) and a deleted redrive target
 * (SQS-DLQ-005). moto makes only customer-managed keys, so the AWS-managed case answers through a
 * lookup stub.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsHardeningOnMotoTests {

	private SqsAsyncClient sqs;

	private KmsClient kms;

	private SqsTransport transport;

	@BeforeAll
	void connect() {
		MotoServer.assumeAvailable();
		MotoServer moto = MotoServer.shared();
		this.sqs = moto.client(SqsAsyncClient.builder());
		this.kms = moto.client(KmsClient.builder());
		this.transport = transport(new KmsKeyLookup(this.kms));
	}

	@AfterAll
	void close() {
		if (this.sqs != null) {
			this.sqs.close();
			this.kms.close();
		}
	}

	@Test
	void kms001FlagsSseSqsAndTheAwsManagedAliasWithoutAskingKms() {
		assertThat(findings(this.transport, queue(Map.of()), "SQS-KMS-001")).singleElement()
			.satisfies(finding -> assertThat(finding.severity()).isEqualTo(Severity.WARNING));
		String aliasQueue = queue(Map.of(QueueAttributeName.KMS_MASTER_KEY_ID, "alias/aws/sqs"));
		assertThat(findings(this.transport, aliasQueue, "SQS-KMS-001")).singleElement()
			.satisfies(finding -> assertThat(finding.problem()).contains("alias/aws/sqs"));
	}

	@Test
	void kms001IsSilentOnAnEnabledCustomerManagedKeyAndFlagsItDisabledOrPendingDeletion() {
		String keyId = this.kms.createKey(b -> b.description("ferry test")).keyMetadata().keyId();
		String queue = queue(Map.of(QueueAttributeName.KMS_MASTER_KEY_ID, keyId));
		assertThat(findings(this.transport, queue, "SQS-KMS-")).isEmpty();

		this.kms.disableKey(b -> b.keyId(keyId));
		assertThat(findings(this.transport, queue, "SQS-KMS-001")).singleElement().satisfies(finding -> {
			assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
			assertThat(finding.problem()).contains("Disabled");
		});

		this.kms.enableKey(b -> b.keyId(keyId));
		this.kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
		assertThat(findings(this.transport, queue, "SQS-KMS-001")).singleElement()
			.satisfies(finding -> assertThat(finding.problem()).contains("PendingDeletion"));
	}

	@Test
	void kms001FlagsAKeyThatDoesNotExist() {
		String queue = queue(Map.of(QueueAttributeName.KMS_MASTER_KEY_ID, UUID.randomUUID().toString()));
		assertThat(findings(this.transport, queue, "SQS-KMS-001")).singleElement().satisfies(finding -> {
			assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
			assertThat(finding.problem()).contains("names no KMS key");
		});
	}

	@Test
	void kms001FlagsAnAwsManagedKeyByItsKeyManager() {
		// moto creates only customer-managed keys: the lookup answers as KMS does for an AWS-managed one.
		SqsKeyLookup awsManaged = new SqsKeyLookup() {
			@Override
			public Optional<Key> describe(String keyId) {
				return Optional.of(new Key(keyId, true, "Enabled"));
			}

			@Override
			public String keyPolicy(String keyId) {
				throw new AssertionError("not asked for an AWS-managed key");
			}
		};
		String queue = queue(Map.of(QueueAttributeName.KMS_MASTER_KEY_ID, "alias/aws/sns"));
		assertThat(findings(transport(awsManaged), queue, "SQS-KMS-001")).singleElement()
			.satisfies(finding -> assertThat(finding.problem()).contains("KeyManager=AWS"));
	}

	@Test
	void kms001SaysWhatItCouldNotVerifyWhenKmsCannotBeAsked() {
		String keyId = this.kms.createKey(b -> b.description("ferry test")).keyMetadata().keyId();
		String queue = queue(Map.of(QueueAttributeName.KMS_MASTER_KEY_ID, keyId));
		try (KmsClient unreachable = KmsClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:1"))
			.region(MotoServer.shared().region())
			.credentialsProvider(MotoServer.shared().credentials())
			.build()) {
			assertThat(findings(transport(new KmsKeyLookup(unreachable)), queue, "SQS-KMS-")).singleElement()
				.satisfies(finding -> {
					assertThat(finding.id()).isEqualTo("SQS-KMS-001");
					assertThat(finding.severity()).isEqualTo(Severity.INFO);
					assertThat(finding.problem()).contains("Could not verify KMS key " + keyId);
				});
		}
	}

	@Test
	void kms002FlagsAKeyPolicyThatDoesNotLetTheDeliveringServiceUseTheKey() {
		for (String service : List.of("sns.amazonaws.com", "events.amazonaws.com")) {
			String keyId = this.kms.createKey(b -> b.description("ferry test")).keyMetadata().keyId();
			String queue = queue(Map.of(QueueAttributeName.KMS_MASTER_KEY_ID, keyId));
			setPolicy(queue, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
					+ service + "\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + arn(queue) + "\",\"Condition\":{"
					+ "\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:123456789012:orders\"},"
					+ "\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}]}");
			// moto's default key policy lets only the account's root use the key
			assertThat(findings(this.transport, queue, "SQS-KMS-")).as(service).singleElement().satisfies(finding -> {
				assertThat(finding.id()).isEqualTo("SQS-KMS-002");
				assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
				assertThat(finding.problem()).contains(service);
			});

			this.kms.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy("{\"Version\":\"2012-10-17\","
					+ "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
					+ "\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
					+ service + "\"},\"Action\":[\"kms:GenerateDataKey*\",\"kms:Decrypt\"],\"Resource\":\"*\"}]}"));
			assertThat(findings(this.transport, queue, "SQS-KMS-")).as(service).isEmpty();
		}
	}

	@Test
	void pol001FlagsAnyoneSendingWithoutConditionsAndSourceConditionsOfOnlyAWildcard() {
		String open = queue(Map.of());
		setPolicy(open, "{\"Statement\":[{\"Sid\":\"open\",\"Effect\":\"Allow\",\"Principal\":\"*\","
				+ "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + arn(open) + "\"}]}");
		assertThat(findings(this.transport, open, "SQS-POL-001")).singleElement()
			.satisfies(finding -> assertThat(finding.problem()).contains("Principal \"*\""));

		String wildcard = queue(Map.of());
		setPolicy(wildcard, "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
				+ "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + arn(wildcard) + "\",\"Condition\":{"
				+ "\"ArnLike\":{\"aws:SourceArn\":\"*\"},\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}]}");
		assertThat(findings(this.transport, wildcard, "SQS-POL-001")).singleElement()
			.satisfies(finding -> assertThat(finding.problem()).contains("without aws:SourceArn"));

		String scoped = queue(Map.of());
		setPolicy(scoped, "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\","
				+ "\"Resource\":\"" + arn(scoped) + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":"
				+ "\"arn:aws:sns:us-east-1:123456789012:orders\"}}},{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
				+ "\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + arn(scoped) + "\","
				+ "\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:events:us-east-1:123456789012:rule/r\"},"
				+ "\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}]}");
		assertThat(findings(this.transport, scoped, "SQS-POL-001")).isEmpty();
	}

	@Test
	void dlq005FiresWhenTheRedriveTargetWasDeleted() {
		String deadLetters = queue(Map.of());
		String source = queue(Map.of(QueueAttributeName.REDRIVE_POLICY,
				"{\"deadLetterTargetArn\":\"" + arn(deadLetters) + "\",\"maxReceiveCount\":\"5\"}"));
		assertThat(findings(this.transport, source, "SQS-DLQ-005")).isEmpty();

		this.sqs.deleteQueue(b -> b.queueUrl(url(deadLetters))).join();
		// a fresh transport: the first one remembers the queues it has resolved
		assertThat(findings(transport(new KmsKeyLookup(this.kms)), source, "SQS-DLQ-005")).singleElement().satisfies(finding -> {
			assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
			assertThat(finding.problem()).contains(arn(deadLetters) + " does not exist");
		});
	}

	private SqsTransport transport(SqsKeyLookup keys) {
		return new SqsTransport(this.sqs, SqsOptions.defaults(), SqsXRay.none(), keys);
	}

	private static List<Finding> findings(SqsTransport transport, String queue, String idPrefix) {
		return transport.inspectors()
			.get(0)
			.inspect(List.of(Destination.of("hardening", SqsTransport.NAME, queue)))
			.stream()
			.filter(finding -> finding.id().startsWith(idPrefix))
			.toList();
	}

	private String queue(Map<QueueAttributeName, String> attributes) {
		String name = "hardening-" + UUID.randomUUID().toString().substring(0, 8);
		this.sqs.createQueue(b -> b.queueName(name).attributes(attributes)).join();
		return name;
	}

	private String url(String queue) {
		return this.sqs.getQueueUrl(b -> b.queueName(queue)).join().queueUrl();
	}

	private String arn(String queue) {
		return "arn:aws:sqs:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT_ID + ":" + queue;
	}

	private void setPolicy(String queue, String policy) {
		this.sqs.setQueueAttributes(b -> b.queueUrl(url(queue)).attributes(Map.of(QueueAttributeName.POLICY, policy)))
			.join();
	}

}
