package dev.ferry.transport.eventbridge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.hardening.Severity;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;

/**
 * Checks the buses behind EventBridge destinations and the rule targets Ferry consumes through
 * against Ferry's production rules. Reads only.
 *
 * <table>
 * <tr><th>id</th><th>rule</th></tr>
 * <tr><td>EB-DLQ-001</td><td>the rule's target has a DeadLetterConfig</td></tr>
 * <tr><td>EB-DLQ-002</td><td>the target dead-letter queue's policy allows events.amazonaws.com scoped by aws:SourceArn = the rule and aws:SourceAccount</td></tr>
 * <tr><td>EB-POL-001</td><td>the target queue's policy is scoped the same way</td></tr>
 * <tr><td>EB-KMS-001</td><td>an encrypted target queue does not use the AWS-managed key alias/aws/sqs, which EventBridge cannot use</td></tr>
 * <tr><td>EB-RETRY-001</td><td>the target has an explicit retry policy, not AWS's 185 attempts / 24 h (WARNING)</td></tr>
 * <tr><td>EB-BUS-001</td><td>the bus policy does not allow events:PutEvents to Principal "*" without an organisation or account condition</td></tr>
 * <tr><td>EB-BUS-002</td><td>the bus is encrypted with the customer-managed key its destination requires ({@code kms-key-id})</td></tr>
 * </table>
 */
public final class EventBridgeHardeningInspector implements HardeningInspector {

	static final String DOCS = "https://docs.aws.amazon.com/eventbridge/latest/userguide/";

	private final EventBridgeAsyncClient client;

	private final @Nullable SqsAsyncClient sqs;

	private final Supplier<Collection<EventBridgeSubscription>> subscriptions;

	EventBridgeHardeningInspector(EventBridgeAsyncClient client, @Nullable SqsAsyncClient sqs,
			Supplier<Collection<EventBridgeSubscription>> subscriptions) {
		this.client = client;
		this.sqs = sqs;
		this.subscriptions = subscriptions;
	}

	/** Every rule this inspector reports, so suppressions can name them. */
	@Override
	public Set<String> ruleIds() {
		return Set.of("EB-BUS-001", "EB-BUS-002", "EB-DLQ-001", "EB-DLQ-002", "EB-KMS-001", "EB-POL-001", "EB-RETRY-001");
	}

	@Override
	public String name() {
		return EventBridgeTransport.NAME;
	}

	@Override
	public List<Finding> inspect(Collection<Destination> destinations) {
		List<Finding> findings = new ArrayList<>();
		for (Destination destination : destinations) {
			EventBridgeDestinationProperties properties = EventBridgeDestinationProperties.of(destination);
			DescribeEventBusResponse bus = describeBus(properties.eventBusName());
			if (bus != null) {
				findings.addAll(busRules(bus.arn(), bus.policy(), bus.kmsKeyIdentifier(), properties.kmsKeyId()));
			}
		}
		for (EventBridgeSubscription subscription : this.subscriptions.get()) {
			findings.addAll(inspect(subscription));
		}
		return findings;
	}

	private List<Finding> inspect(EventBridgeSubscription subscription) {
		DescribeRuleResponse rule;
		List<Target> targets;
		try {
			rule = this.client.describeRule(b -> b.name(subscription.rule()).eventBusName(subscription.eventBus())).join();
			targets = this.client.listTargetsByRule(b -> b.rule(subscription.rule()).eventBusName(subscription.eventBus()))
				.join()
				.targets();
		}
		catch (CompletionException ex) {
			// a missing rule stops start-up in prepare; nothing to inspect here
			return List.of();
		}
		Optional<Target> target = targets.stream().filter(t -> subscription.queueArn().equals(t.arn())).findFirst();
		if (target.isEmpty()) {
			return List.of();
		}
		Map<QueueAttributeName, String> queue = queueAttributes(subscription.queueUrl());
		String dlqArn = target.get().deadLetterConfig() != null ? target.get().deadLetterConfig().arn() : null;
		String dlqPolicy = null;
		if (dlqArn != null && this.sqs != null) {
			String name = dlqArn.substring(dlqArn.lastIndexOf(':') + 1);
			try {
				String url = this.sqs.getQueueUrl(b -> b.queueName(name)).join().queueUrl();
				dlqPolicy = queueAttributes(url).get(QueueAttributeName.POLICY);
			}
			catch (CompletionException ex) {
				dlqPolicy = null;
			}
		}
		return targetRules(rule.arn(), target.get(), queue.get(QueueAttributeName.POLICY),
				queue.get(QueueAttributeName.KMS_MASTER_KEY_ID), dlqPolicy);
	}

	/** The rules on one rule target, its queue's policy and key, and its dead-letter queue's policy. */
	static List<Finding> targetRules(String ruleArn, Target target, @Nullable String queuePolicy,
			@Nullable String queueKmsKey, @Nullable String deadLetterPolicy) {
		List<Finding> findings = new ArrayList<>();
		String resource = ruleArn + " -> " + target.arn();
		String dlqArn = target.deadLetterConfig() != null ? target.deadLetterConfig().arn() : null;
		if (dlqArn == null || dlqArn.isBlank()) {
			findings.add(new Finding("EB-DLQ-001", Severity.CRITICAL, resource,
					"The rule's target has no DeadLetterConfig: events EventBridge cannot deliver after its retries are dropped",
					"Give the target a DeadLetterConfig with a standard SQS queue (ferry.provision=true creates one)",
					DOCS + "eb-rule-dlq.html"));
		}
		else if (!EventBridgeQueuePolicies.allowsScoped(deadLetterPolicy, ruleArn)) {
			findings.add(new Finding("EB-DLQ-002", Severity.CRITICAL, dlqArn,
					"The target's dead-letter queue has no policy statement allowing events.amazonaws.com to send, scoped by "
							+ "aws:SourceArn = " + ruleArn + " and aws:SourceAccount: EventBridge silently drops the "
							+ "events it could not deliver",
					"Add an Allow sqs:SendMessage statement for events.amazonaws.com with conditions ArnEquals "
							+ "aws:SourceArn = the rule ARN and StringEquals aws:SourceAccount = your account",
					DOCS + "eb-rule-dlq.html"));
		}
		if (!EventBridgeQueuePolicies.allowsScoped(queuePolicy, ruleArn)
				|| EventBridgeQueuePolicies.hasUnscopedGrant(queuePolicy)) {
			findings.add(new Finding("EB-POL-001", Severity.CRITICAL, target.arn(),
					"The target queue's policy does not allow events.amazonaws.com scoped by aws:SourceArn = " + ruleArn
							+ " and aws:SourceAccount (missing, or an unscoped grant lets any rule of any account send)",
					"Allow sqs:SendMessage to events.amazonaws.com only with conditions aws:SourceArn = the rule ARN and "
							+ "aws:SourceAccount = your account",
					DOCS + "eb-use-resource-based.html#eb-sqs-permissions"));
		}
		if (queueKmsKey != null && queueKmsKey.trim().endsWith("alias/aws/sqs")) {
			findings.add(new Finding("EB-KMS-001", Severity.CRITICAL, target.arn(),
					"The target queue is encrypted with the AWS-managed key alias/aws/sqs, whose key policy cannot let "
							+ "events.amazonaws.com use it: deliveries fail",
					"Encrypt the queue with a customer-managed key whose key policy allows events.amazonaws.com "
							+ "kms:GenerateDataKey and kms:Decrypt (scoped by aws:SourceArn), or use SSE-SQS",
					DOCS + "eb-use-resource-based.html#eb-sqs-permissions"));
		}
		var retry = target.retryPolicy();
		boolean defaults = retry == null || retry.maximumRetryAttempts() == null
				|| retry.maximumEventAgeInSeconds() == null
				|| (retry.maximumRetryAttempts() == EventBridgeLimits.MAX_RETRY_ATTEMPTS
						&& retry.maximumEventAgeInSeconds() == EventBridgeLimits.MAX_EVENT_AGE.toSeconds());
		if (defaults) {
			findings.add(new Finding("EB-RETRY-001", Severity.WARNING, resource,
					"The target's retry policy is left at AWS's defaults (185 attempts within 24 h): an undeliverable "
							+ "event reaches the dead-letter queue only a day later",
					"Set RetryPolicy MaximumRetryAttempts and MaximumEventAgeInSeconds explicitly "
							+ "(ferry.eventbridge.target-max-retry-attempts / target-max-event-age when provisioning)",
					DOCS + "eb-rule-retry-policy.html"));
		}
		return findings;
	}

	/** The rules on a bus: its resource policy and its encryption. */
	static List<Finding> busRules(String busArn, @Nullable String policy, @Nullable String kmsKey,
			@Nullable String requiredKey) {
		List<Finding> findings = new ArrayList<>();
		for (JsonNode statement : EventBridgeQueuePolicies.statements(policy)) {
			if ("Allow".equals(statement.path("Effect").asString("")) && allowsPutEvents(statement)
					&& isEveryone(statement.path("Principal")) && !hasAccountCondition(statement.path("Condition"))) {
				findings.add(new Finding("EB-BUS-001", Severity.CRITICAL, busArn,
						"The bus policy allows events:PutEvents to Principal \"*\" without an organisation or account "
								+ "condition: anyone can put events on the bus",
						"Name the accounts as principals, or add a condition on aws:PrincipalOrgID or aws:PrincipalAccount",
						DOCS + "eb-event-bus-perms.html"));
				break;
			}
		}
		if (requiredKey != null && (kmsKey == null || kmsKey.isBlank())) {
			findings.add(new Finding("EB-BUS-002", Severity.CRITICAL, busArn,
					"The bus is not encrypted with a customer-managed KMS key, though its destination requires "
							+ requiredKey,
					"Update the bus with KmsKeyIdentifier = the customer-managed key (ferry.provision=true creates new "
							+ "buses with it)",
					DOCS + "eb-encryption-at-rest-key-bus.html"));
		}
		return findings;
	}

	private static boolean allowsPutEvents(JsonNode statement) {
		JsonNode action = statement.path("Action");
		List<String> actions = new ArrayList<>();
		if (action.isArray()) {
			action.forEach(a -> actions.add(a.asString("")));
		}
		else {
			actions.add(action.asString(""));
		}
		return actions.stream().anyMatch(a -> a.equals("events:PutEvents") || a.equals("events:*") || a.equals("*"));
	}

	private static boolean isEveryone(JsonNode principal) {
		if (principal.isString()) {
			return "*".equals(principal.asString());
		}
		JsonNode aws = principal.path("AWS");
		if (aws.isArray()) {
			for (JsonNode item : aws) {
				if ("*".equals(item.asString(""))) {
					return true;
				}
			}
			return false;
		}
		return "*".equals(aws.asString(""));
	}

	private static boolean hasAccountCondition(JsonNode condition) {
		for (JsonNode operator : condition) {
			for (String key : List.of("aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:SourceAccount",
					"aws:PrincipalOrgPaths")) {
				if (!operator.path(key).isMissingNode()) {
					return true;
				}
			}
		}
		return false;
	}

	private @Nullable DescribeEventBusResponse describeBus(String name) {
		try {
			return this.client.describeEventBus(b -> b.name(name)).join();
		}
		catch (CompletionException ex) {
			return null;
		}
	}

	private Map<QueueAttributeName, String> queueAttributes(String url) {
		if (this.sqs == null) {
			return Map.of();
		}
		try {
			return this.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY,
					QueueAttributeName.KMS_MASTER_KEY_ID)).join().attributes();
		}
		catch (CompletionException ex) {
			return Map.of();
		}
	}

}
