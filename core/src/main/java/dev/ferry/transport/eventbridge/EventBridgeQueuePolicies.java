package dev.ferry.transport.eventbridge;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SQS queue policies that let EventBridge deliver to a rule's target queue and its dead-letter
 * queue, scoped against the confused deputy: {@code aws:SourceArn} = the rule's ARN AND
 * {@code aws:SourceAccount} = the account. Without such a statement on the dead-letter queue,
 * EventBridge drops undeliverable events silently.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
final class EventBridgeQueuePolicies {

	static final String PRINCIPAL = "events.amazonaws.com";

	private EventBridgeQueuePolicies() {
	}

	/**
	 * The existing policy with a statement allowing the rule to send to the queue; a previous statement
	 * of Ferry for the same rule is replaced, others are kept.
	 */
	static String withRuleStatement(@Nullable String existing, String queueArn, String ruleArn, String account) {
		ObjectNode policy = parse(existing);
		policy.putIfAbsent("Version", policy.stringNode("2012-10-17"));
		ArrayNode statements = policy.has("Statement") && policy.get("Statement").isArray()
				? (ArrayNode) policy.get("Statement") : policy.putArray("Statement");
		String sid = sid(ruleArn);
		for (int i = statements.size() - 1; i >= 0; i--) {
			if (sid.equals(statements.get(i).path("Sid").asString(""))) {
				statements.remove(i);
			}
		}
		ObjectNode statement = statements.addObject();
		statement.put("Sid", sid);
		statement.put("Effect", "Allow");
		statement.putObject("Principal").put("Service", PRINCIPAL);
		statement.put("Action", "sqs:SendMessage");
		statement.put("Resource", queueArn);
		ObjectNode condition = statement.putObject("Condition");
		condition.putObject("ArnEquals").put("aws:SourceArn", ruleArn);
		condition.putObject("StringEquals").put("aws:SourceAccount", account);
		return EventBridgeHeaders.MAPPER.writeValueAsString(policy);
	}

	/**
	 * Whether the policy has an Allow statement for {@value #PRINCIPAL} to send to the queue whose
	 * conditions pin {@code aws:SourceArn} to the rule and {@code aws:SourceAccount} to an account.
	 */
	static boolean allowsScoped(@Nullable String policy, String ruleArn) {
		for (JsonNode statement : statements(policy)) {
			if (!"Allow".equals(statement.path("Effect").asString("")) || !grantsEvents(statement)) {
				continue;
			}
			JsonNode condition = statement.path("Condition");
			boolean arn = false;
			boolean account = false;
			for (JsonNode operator : condition) {
				arn |= matches(operator.path("aws:SourceArn"), ruleArn);
				account |= !operator.path("aws:SourceAccount").isMissingNode();
			}
			if (arn && account) {
				return true;
			}
		}
		return false;
	}

	/** Whether any Allow statement grants {@value #PRINCIPAL} without both conditions. */
	static boolean hasUnscopedGrant(@Nullable String policy) {
		for (JsonNode statement : statements(policy)) {
			if ("Allow".equals(statement.path("Effect").asString("")) && grantsEvents(statement)) {
				JsonNode condition = statement.path("Condition");
				boolean arn = false;
				boolean account = false;
				for (JsonNode operator : condition) {
					arn |= !operator.path("aws:SourceArn").isMissingNode();
					account |= !operator.path("aws:SourceAccount").isMissingNode();
				}
				if (!arn || !account) {
					return true;
				}
			}
		}
		return false;
	}

	static List<JsonNode> statements(@Nullable String policy) {
		JsonNode statement = parse(policy).path("Statement");
		List<JsonNode> list = new ArrayList<>();
		if (statement.isArray()) {
			statement.forEach(list::add);
		}
		else if (statement.isObject()) {
			list.add(statement);
		}
		return list;
	}

	private static boolean grantsEvents(JsonNode statement) {
		JsonNode service = statement.path("Principal").path("Service");
		return service.isArray() ? contains(service, PRINCIPAL) : PRINCIPAL.equals(service.asString(""));
	}

	private static boolean matches(JsonNode value, String expected) {
		return value.isArray() ? contains(value, expected) && value.size() == 1 : expected.equals(value.asString(""));
	}

	private static boolean contains(JsonNode array, String expected) {
		for (JsonNode item : array) {
			if (expected.equals(item.asString(""))) {
				return true;
			}
		}
		return false;
	}

	private static String sid(String ruleArn) {
		return "ferry-eventbridge-" + ruleArn.substring(ruleArn.lastIndexOf(':') + 1).replaceAll("[^A-Za-z0-9]", "-");
	}

	private static ObjectNode parse(@Nullable String policy) {
		if (policy == null || policy.isBlank()) {
			return EventBridgeHeaders.MAPPER.createObjectNode();
		}
		try {
			JsonNode node = EventBridgeHeaders.MAPPER.readTree(policy);
			return node instanceof ObjectNode object ? object : EventBridgeHeaders.MAPPER.createObjectNode();
		}
		catch (JacksonException ex) {
			return EventBridgeHeaders.MAPPER.createObjectNode();
		}
	}

}
