package dev.ferry.transport.sqs;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.transport.ReceiveSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqsPrepareAndHardeningTest {

	private static final String KMS_KEY = "arn:aws:kms:us-east-1:000000000000:key/0b1c2d3e-aaaa-bbbb-cccc-123456789012";

	private final ElasticMq sqs = ElasticMq.get();

	private final SqsTransport transport = new SqsTransport(this.sqs.client());

	private List<String> ruleIds(Destination destination) {
		HardeningInspector inspector = this.transport.inspectors().get(0);
		return inspector.inspect(List.of(destination)).stream().map(Finding::id).toList();
	}

	@Test
	void missingQueueFailsPrepareWithClearMessageAndCreatesNothing() {
		Destination destination = Destination.of("payments", "sqs", "prepare-missing");
		assertThatThrownBy(() -> this.transport.prepare(destination, false))
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("'prepare-missing'")
			.hasMessageContaining("'payments'")
			.hasMessageContaining("ferry.provision=true");
		assertThat(this.sqs.client().listQueues(b -> b.queueNamePrefix("prepare-missing")).join().queueUrls()).isEmpty();
	}

	@Test
	void fifoPropertyContradictingTheQueueFailsPrepare() {
		this.sqs.createQueue("prepare-standard", Map.of());
		Destination destination = Destination.of("std", "sqs", "prepare-standard")
			.withProperties(Map.of(SqsDestinationProperties.FIFO, "true"));
		assertThatThrownBy(() -> this.transport.prepare(destination, false)).hasMessageContaining("properties.fifo");
	}

	@Test
	void provisionCreatesQueueAndDeadLetterQueueThatPassEveryRule() {
		Destination destination = Destination.of("invoices", "sqs", "prepare-provisioned")
			.withProperties(Map.of(SqsDestinationProperties.KMS_KEY_ID, KMS_KEY));
		this.transport.prepare(destination, true);
		SqsQueue queue = new SqsQueues(this.sqs.client()).resolve("prepare-provisioned").join();
		assertThat(queue.redrivePolicy()).isNotNull();
		assertThat(queue.redrivePolicy().deadLetterTargetArn()).endsWith(":prepare-provisioned-dlq");
		assertThat(queue.redrivePolicy().maxReceiveCount()).isEqualTo(6);
		assertThat(queue.attribute(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS)).isEqualTo("20");
		SqsQueue deadLetterQueue = new SqsQueues(this.sqs.client()).resolve("prepare-provisioned-dlq").join();
		assertThat(deadLetterQueue.visibilityTimeout()).isEqualTo(queue.visibilityTimeout());
		// ElasticMQ drops KmsMasterKeyId and MessageRetentionPeriod, so only the KMS rule can still fire here;
		// provisionedAttributesPassEveryRule checks the attributes as SQS would keep them
		assertThat(ruleIds(destination)).containsExactly("SQS-KMS-001");
		assertThat(this.transport.capabilities(destination).nativeDeadLetter()).isTrue();
	}

	@Test
	void provisionCreatesFifoQueueWithFifoDeadLetterQueue() {
		Destination destination = Destination.of("ledger", "sqs", "prepare-ledger.fifo")
			.withProperties(Map.of(SqsDestinationProperties.KMS_KEY_ID, KMS_KEY));
		this.transport.prepare(destination, true);
		SqsQueue deadLetterQueue = new SqsQueues(this.sqs.client()).resolve("prepare-ledger-dlq.fifo").join();
		assertThat(deadLetterQueue.fifo()).isTrue();
		assertThat(ruleIds(destination)).containsExactly("SQS-KMS-001");
		assertThat(this.transport.capabilities(destination).orderedPerKey()).isTrue();
		assertThat(this.transport.capabilities(destination).publishDelay()).isFalse();
	}

	@Test
	void bareQueueTriggersKmsDeadLetterAndLongPollingRules() {
		this.sqs.createQueue("harden-bare", Map.of());
		List<String> ids = ruleIds(Destination.of("bare", "sqs", "harden-bare"));
		assertThat(ids).contains("SQS-KMS-001", "SQS-DLQ-001", "SQS-POLL-001").doesNotContain("SQS-POL-001");
	}

	@Test
	void aDeadLetterQueueOfAnInspectedDestinationNeedsNoDeadLetterQueueOfItsOwn() {
		Destination source = Destination.of("refunds", "sqs", "harden-refunds");
		this.transport.prepare(source, true);
		this.sqs.createQueue("harden-lonely", Map.of());
		Destination deadLetters = Destination.of("refunds-dlq", "sqs", "harden-refunds-dlq");
		Destination lonely = Destination.of("lonely", "sqs", "harden-lonely");

		List<Finding> findings = this.transport.inspectors().get(0).inspect(List.of(source, deadLetters, lonely));

		assertThat(findings).filteredOn(finding -> finding.id().startsWith("SQS-DLQ-"))
			.extracting(Finding::resource)
			.singleElement()
			.satisfies(resource -> assertThat(resource).endsWith(":harden-lonely"));
	}

	@Test
	void awsManagedKeyIsNotEnough() {
		this.sqs.createQueue("harden-aws-key", Map.of(QueueAttributeName.KMS_MASTER_KEY_ID, "alias/aws/sqs"));
		assertThat(ruleIds(Destination.of("k", "sqs", "harden-aws-key"))).contains("SQS-KMS-001");
	}

	@Test
	void receiveCountAndFifoMismatchFireOnRealQueues() {
		String dlq = this.sqs.createQueue("harden-short-dlq",
				Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60"));
		this.sqs.createQueue("harden-short", Map.of(QueueAttributeName.REDRIVE_POLICY,
				new SqsQueue.RedrivePolicy(this.sqs.arnOf(dlq), 1).toJson()));
		assertThat(ruleIds(Destination.of("s", "sqs", "harden-short"))).contains("SQS-DLQ-002")
			.doesNotContain("SQS-DLQ-001", "SQS-DLQ-005");

		this.sqs.createQueue("harden-mixed.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true",
				QueueAttributeName.REDRIVE_POLICY, new SqsQueue.RedrivePolicy(this.sqs.arnOf(dlq), 5).toJson()));
		assertThat(ruleIds(Destination.of("m", "sqs", "harden-mixed.fifo"))).contains("SQS-DLQ-004")
			.doesNotContain("SQS-DLQ-002");
	}

	@Test
	void visibilityRuleUsesTheListenersProcessingTimeout() {
		Destination destination = Destination.of("vis", "sqs", "harden-visibility");
		this.sqs.createQueue("harden-visibility", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"));
		assertThat(ruleIds(destination)).doesNotContain("SQS-VIS-001");
		this.transport.subscribe(destination,
				new ReceiveSettings("slow", 1, false, 1, Duration.ofMinutes(2), Duration.ofSeconds(1)), batch -> List.of());
		assertThat(ruleIds(destination)).contains("SQS-VIS-001");
	}

	@Test
	void servicePrincipalWithoutSourceConditionsFires() {
		String open = """
				{"Version":"2012-10-17","Statement":[{"Sid":"sns","Effect":"Allow",
				"Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*",
				"Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:orders"}}}]}""";
		String guarded = """
				{"Version":"2012-10-17","Statement":{"Effect":"Allow",
				"Principal":{"Service":["events.amazonaws.com"]},"Action":"sqs:SendMessage","Resource":"*",
				"Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:111122223333:rule/r"},
				"StringEquals":{"aws:SourceAccount":"111122223333"}}}}""";
		String user = """
				{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sqs:*"}]}""";
		assertThat(SqsHardeningInspector.servicePrincipalWithoutSource(open)).contains("'sns'")
			.contains("aws:SourceAccount").doesNotContain("aws:SourceArn and");
		assertThat(SqsHardeningInspector.servicePrincipalWithoutSource(guarded)).isNull();
		assertThat(SqsHardeningInspector.servicePrincipalWithoutSource(user)).isNull();
	}

	// ElasticMQ does not keep KmsMasterKeyId, MessageRetentionPeriod or Policy: these rules are shown on the
	// attributes exactly as GetQueueAttributes returns them on SQS

	private static final String ARN = "arn:aws:sqs:us-east-1:111122223333:";

	private static List<String> check(Map<QueueAttributeName, String> queue, Map<QueueAttributeName, String> dlq) {
		String name = Boolean.parseBoolean(queue.get(QueueAttributeName.FIFO_QUEUE)) ? "q.fifo" : "q";
		return SqsHardeningInspector
			.check(new SqsQueue("https://sqs/111122223333/" + name, ARN + name, queue),
					new SqsQueue("https://sqs/111122223333/dlq", ARN + "dlq", dlq), Duration.ofSeconds(30),
					SqsOptions.defaults())
			.stream()
			.map(Finding::id)
			.toList();
	}

	@Test
	void provisionedAttributesPassEveryRule() {
		SqsProvisioner provisioner = new SqsProvisioner(this.sqs.client(), new SqsQueues(this.sqs.client()),
				SqsOptions.defaults());
		for (String resource : List.of("orders", "orders.fifo")) {
			Destination destination = Destination.of("orders", "sqs", resource)
				.withProperties(Map.of(SqsDestinationProperties.KMS_KEY_ID, KMS_KEY));
			assertThat(check(provisioner.queueAttributes(destination, ARN + "dlq"),
					provisioner.deadLetterAttributes(destination))).as(resource).isEmpty();
		}
	}

	@Test
	void kmsRetentionAndPolicyRulesFireOnWrongAttributesOnly() {
		Map<QueueAttributeName, String> dlq = Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600");
		Map<QueueAttributeName, String> right = new java.util.EnumMap<>(QueueAttributeName.class);
		right.put(QueueAttributeName.KMS_MASTER_KEY_ID, KMS_KEY);
		right.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600");
		right.put(QueueAttributeName.VISIBILITY_TIMEOUT, "40");
		right.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20");
		right.put(QueueAttributeName.REDRIVE_POLICY, new SqsQueue.RedrivePolicy(ARN + "dlq", 5).toJson());
		right.put(QueueAttributeName.POLICY, """
				{"Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage",
				"Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:t"},
				"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}""");
		assertThat(check(right, dlq)).isEmpty();

		Map<QueueAttributeName, String> wrong = new java.util.EnumMap<>(right);
		wrong.put(QueueAttributeName.KMS_MASTER_KEY_ID, "alias/aws/sqs");
		wrong.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600");
		wrong.put(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
		wrong.put(QueueAttributeName.POLICY, """
				{"Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage"}]}""");
		assertThat(check(wrong, dlq)).containsExactlyInAnyOrder("SQS-KMS-001", "SQS-DLQ-003", "SQS-VIS-001",
				"SQS-POL-001");
	}

}
