package dev.ferry.transport.eventbridge;

import java.util.List;

import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.Severity;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.DeadLetterConfig;
import software.amazon.awssdk.services.eventbridge.model.RetryPolicy;
import software.amazon.awssdk.services.eventbridge.model.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every EventBridge hardening rule, firing and silent, on the data the inspector reads from AWS.
 */
class EventBridgeHardeningInspectorTests {

	private static final String RULE = "arn:aws:events:us-east-1:111122223333:rule/shop/orders";

	private static final String QUEUE = "arn:aws:sqs:us-east-1:111122223333:orders";

	private static final String DLQ = "arn:aws:sqs:us-east-1:111122223333:orders-events-dlq";

	private static final Target HARDENED = Target.builder()
		.id("orders")
		.arn(QUEUE)
		.deadLetterConfig(DeadLetterConfig.builder().arn(DLQ).build())
		.retryPolicy(RetryPolicy.builder().maximumRetryAttempts(20).maximumEventAgeInSeconds(3600).build())
		.build();

	private static final String QUEUE_POLICY = EventBridgeQueuePolicies.withRuleStatement(null, QUEUE, RULE,
			"111122223333");

	private static final String DLQ_POLICY = EventBridgeQueuePolicies.withRuleStatement(null, DLQ, RULE, "111122223333");

	@Test
	void hardenedTargetIsSilent() {
		assertThat(EventBridgeHardeningInspector.targetRules(RULE, HARDENED, QUEUE_POLICY, "arn:aws:kms:key/1", DLQ_POLICY))
			.isEmpty();
	}

	@Test
	void targetWithoutDeadLetterConfigFires() {
		Target target = HARDENED.toBuilder().deadLetterConfig((DeadLetterConfig) null).build();
		assertThat(ids(EventBridgeHardeningInspector.targetRules(RULE, target, QUEUE_POLICY, null, null)))
			.containsExactly("EB-DLQ-001");
	}

	@Test
	void deadLetterQueueWithoutScopedPolicyFires() {
		String unscoped = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"events.amazonaws.com\"},"
				+ "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + DLQ + "\",\"Condition\":{\"ArnEquals\":"
				+ "{\"aws:SourceArn\":\"" + RULE + "\"}}}]}";
		assertThat(ids(EventBridgeHardeningInspector.targetRules(RULE, HARDENED, QUEUE_POLICY, null, null)))
			.containsExactly("EB-DLQ-002");
		assertThat(ids(EventBridgeHardeningInspector.targetRules(RULE, HARDENED, QUEUE_POLICY, null, unscoped)))
			.containsExactly("EB-DLQ-002");
	}

	@Test
	void targetQueuePolicyMissingScopedOrForAnotherRuleFires() {
		String otherRule = EventBridgeQueuePolicies.withRuleStatement(null, QUEUE, RULE + "-old", "111122223333");
		String openAndScoped = QUEUE_POLICY.replace("\"Statement\":[", "\"Statement\":[{\"Effect\":\"Allow\","
				+ "\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"sqs:SendMessage\"},");
		assertThat(ids(EventBridgeHardeningInspector.targetRules(RULE, HARDENED, null, null, DLQ_POLICY)))
			.containsExactly("EB-POL-001");
		assertThat(ids(EventBridgeHardeningInspector.targetRules(RULE, HARDENED, otherRule, null, DLQ_POLICY)))
			.containsExactly("EB-POL-001");
		assertThat(ids(EventBridgeHardeningInspector.targetRules(RULE, HARDENED, openAndScoped, null, DLQ_POLICY)))
			.containsExactly("EB-POL-001");
	}

	@Test
	void targetQueueOnTheAwsManagedKeyFires() {
		assertThat(EventBridgeHardeningInspector.targetRules(RULE, HARDENED, QUEUE_POLICY, "alias/aws/sqs", DLQ_POLICY))
			.singleElement()
			.satisfies(finding -> {
				assertThat(finding.id()).isEqualTo("EB-KMS-001");
				assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
			});
	}

	@Test
	void retryPolicyAtAwsDefaultsOrAbsentWarns() {
		Target defaults = HARDENED.toBuilder()
			.retryPolicy(RetryPolicy.builder().maximumRetryAttempts(185).maximumEventAgeInSeconds(86_400).build())
			.build();
		Target absent = HARDENED.toBuilder().retryPolicy((RetryPolicy) null).build();
		for (Target target : List.of(defaults, absent)) {
			assertThat(EventBridgeHardeningInspector.targetRules(RULE, target, QUEUE_POLICY, null, DLQ_POLICY))
				.singleElement()
				.satisfies(finding -> {
					assertThat(finding.id()).isEqualTo("EB-RETRY-001");
					assertThat(finding.severity()).isEqualTo(Severity.WARNING);
				});
		}
	}

	@Test
	void busPolicyOpenToEveryoneFiresUnlessAnOrganisationOrAccountConditionHoldsIt() {
		String bus = "arn:aws:events:us-east-1:111122223333:event-bus/shop";
		String open = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"events:PutEvents\","
				+ "\"Resource\":\"" + bus + "\"}]}";
		String org = open.replace("\"Resource\"", "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":"
				+ "\"o-abc\"}},\"Resource\"");
		String account = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},"
				+ "\"Action\":\"events:PutEvents\",\"Resource\":\"" + bus + "\"}}";
		assertThat(ids(EventBridgeHardeningInspector.busRules(bus, open, null, null))).containsExactly("EB-BUS-001");
		assertThat(EventBridgeHardeningInspector.busRules(bus, org, null, null)).isEmpty();
		assertThat(EventBridgeHardeningInspector.busRules(bus, account, null, null)).isEmpty();
		assertThat(EventBridgeHardeningInspector.busRules(bus, null, null, null)).isEmpty();
	}

	@Test
	void busWithoutTheRequiredKeyFires() {
		String bus = "arn:aws:events:us-east-1:111122223333:event-bus/shop";
		assertThat(ids(EventBridgeHardeningInspector.busRules(bus, null, null, "alias/shop"))).containsExactly("EB-BUS-002");
		assertThat(EventBridgeHardeningInspector.busRules(bus, null, "arn:aws:kms:us-east-1:1:key/k", "alias/shop"))
			.isEmpty();
		assertThat(EventBridgeHardeningInspector.busRules(bus, null, null, null)).isEmpty();
	}

	private static List<String> ids(List<Finding> findings) {
		return findings.stream().map(Finding::id).toList();
	}

}
