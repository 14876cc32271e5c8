package dev.ferry.transport.sns;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The queue policy statement that lets a topic deliver to a queue (a subscription queue or a
 * subscription's dead-letter queue): {@code sns.amazonaws.com} may {@code sqs:SendMessage}, only
 * for {@code aws:SourceArn} = the topic ARN and {@code aws:SourceAccount} = the topic's account
 * (https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html,
 * https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html). Without it on the
 * dead-letter queue, SNS silently drops what it cannot deliver.
 */
final class SnsQueuePolicy {

	static final String PRINCIPAL = "sns.amazonaws.com";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private SnsQueuePolicy() {
	}

	/** The policy with the topic's statement added (the existing statements are kept). */
	static String grant(@Nullable String existing, String queueArn, SnsTopic topic) {
		ObjectNode policy = parse(existing);
		if (policy == null) {
			policy = MAPPER.createObjectNode();
			policy.put("Version", "2012-10-17");
		}
		JsonNode statements = policy.get("Statement");
		ArrayNode array;
		if (statements instanceof ArrayNode list) {
			array = list;
		}
		else {
			array = MAPPER.createArrayNode();
			if (statements != null && statements.isObject()) {
				array.add(statements);
			}
			policy.set("Statement", array);
		}
		ObjectNode statement = array.addObject();
		statement.put("Sid", "ferry-sns-" + topic.name().replaceAll("[^A-Za-z0-9]", ""));
		statement.put("Effect", "Allow");
		statement.putObject("Principal").put("Service", PRINCIPAL);
		statement.put("Action", "sqs:SendMessage");
		statement.put("Resource", queueArn);
		ObjectNode condition = statement.putObject("Condition");
		condition.putObject("ArnEquals").put("aws:SourceArn", topic.arn());
		condition.putObject("StringEquals").put("aws:SourceAccount", topic.account());
		return policy.toString();
	}

	/** Whether the policy has a statement allowing the topic to send, scoped by SourceArn and SourceAccount. */
	static boolean allowsScoped(@Nullable String policyJson, SnsTopic topic) {
		ObjectNode policy = parse(policyJson);
		if (policy == null) {
			return false;
		}
		for (JsonNode statement : statements(policy)) {
			if (!"Allow".equals(statement.path("Effect").asString("")) || !mentionsSnsPrincipal(statement.get("Principal"))
					|| !allowsSend(statement.get("Action"))) {
				continue;
			}
			JsonNode condition = statement.get("Condition");
			if (condition != null && conditionValue(condition, "aws:SourceArn", topic.arn())
					&& conditionValue(condition, "aws:SourceAccount", topic.account())) {
				return true;
			}
		}
		return false;
	}

	/** Whether the topic policy allows {@code sns:Publish} to everyone without any condition. */
	static boolean publishOpenToEveryone(@Nullable String policyJson) {
		ObjectNode policy = parse(policyJson);
		if (policy == null) {
			return false;
		}
		for (JsonNode statement : statements(policy)) {
			JsonNode principal = statement.get("Principal");
			boolean everyone = principal != null && ("*".equals(principal.asString(""))
					|| principal.path("AWS").asString("").equals("*")
					|| principal.path("AWS").isArray() && contains(principal.path("AWS"), "*"));
			JsonNode condition = statement.get("Condition");
			if ("Allow".equals(statement.path("Effect").asString("")) && everyone
					&& (condition == null || condition.isEmpty()) && allows(statement.get("Action"), "sns:publish")) {
				return true;
			}
		}
		return false;
	}

	private static Iterable<JsonNode> statements(ObjectNode policy) {
		JsonNode statements = policy.get("Statement");
		if (statements == null) {
			return java.util.List.of();
		}
		return statements.isArray() ? statements.values() : java.util.List.of(statements);
	}

	private static boolean mentionsSnsPrincipal(@Nullable JsonNode principal) {
		if (principal == null) {
			return false;
		}
		JsonNode service = principal.get("Service");
		return service != null && (PRINCIPAL.equals(service.asString("")) || contains(service, PRINCIPAL));
	}

	private static boolean allowsSend(@Nullable JsonNode action) {
		return allows(action, "sqs:sendmessage");
	}

	private static boolean allows(@Nullable JsonNode action, String wanted) {
		if (action == null) {
			return false;
		}
		String service = wanted.substring(0, wanted.indexOf(':') + 1);
		for (JsonNode each : action.isArray() ? action.values() : java.util.List.of(action)) {
			String value = each.asString("").toLowerCase(java.util.Locale.ROOT);
			if (value.equals(wanted) || value.equals(service + "*") || value.equals("*")) {
				return true;
			}
		}
		return false;
	}

	/** Whether some operator of the condition block binds {@code key} to exactly {@code value}. */
	private static boolean conditionValue(JsonNode condition, String key, String value) {
		for (JsonNode operator : condition.values()) {
			for (java.util.Map.Entry<String, JsonNode> entry : operator.properties()) {
				if (entry.getKey().equalsIgnoreCase(key)) {
					JsonNode bound = entry.getValue();
					if (value.equals(bound.asString("")) || bound.isArray() && bound.size() == 1 && contains(bound, value)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static boolean contains(JsonNode array, String value) {
		for (JsonNode each : array.values()) {
			if (value.equals(each.asString(""))) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable ObjectNode parse(@Nullable String json) {
		if (json == null || json.isBlank()) {
			return null;
		}
		try {
			JsonNode node = MAPPER.readTree(json);
			return node instanceof ObjectNode object ? object : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
