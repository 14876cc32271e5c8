package dev.ferry.test.aws.sns;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.ferry.test.aws.Json;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.JsonRuleCompiler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A subscription filter policy evaluated with AWS's event-ruler, on message attributes (default)
 * or on the message body (FilterPolicyScope {@code MessageBody}).
 *
 * <p>Attributes are flattened by type before matching, as SNS compares them: String as a JSON
 * string, Number as a JSON number, String.Array as a JSON array; Binary attributes are never
 * matched (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html). The
 * size constraints of https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
 * are checked when the policy is set, because event-ruler does not check them.
 */
final class SnsFilterPolicy {

	/** Scope value for attribute filtering (the default). */
	static final String SCOPE_ATTRIBUTES = "MessageAttributes";

	/** Scope value for payload filtering. */
	static final String SCOPE_BODY = "MessageBody";

	/**
	 * A filter policy may have at most 5 keys.
	 * Source: https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
	 */
	static final int MAX_KEYS = 5;

	/**
	 * The values of a filter policy may form at most 150 combinations.
	 * Source: https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
	 */
	static final int MAX_COMBINATIONS = 150;

	private final String scope;

	private final Machine machine = Machine.builder().build();

	private SnsFilterPolicy(String policy, String scope) {
		this.scope = scope;
		try {
			this.machine.addRule("policy", policy);
		}
		catch (Exception ex) {
			throw SnsFault.invalidParameter("FilterPolicy: " + ex.getMessage());
		}
	}

	/**
	 * Validates and compiles a policy.
	 * @throws SnsFault InvalidParameter when the policy is malformed or too large
	 */
	static SnsFilterPolicy compile(String policy, String scope) {
		if (!SCOPE_ATTRIBUTES.equals(scope) && !SCOPE_BODY.equals(scope)) {
			throw SnsFault.invalidParameter("FilterPolicyScope: Invalid value [" + scope
					+ "]. Please use either MessageBody or MessageAttributes");
		}
		JsonNode tree;
		try {
			tree = Json.MAPPER.readTree(policy);
		}
		catch (JacksonException ex) {
			throw SnsFault.invalidParameter("FilterPolicy: failed to parse JSON. " + ex.getOriginalMessage());
		}
		if (!tree.isObject()) {
			throw SnsFault.invalidParameter("FilterPolicy: Filter policy must be a JSON object");
		}
		String error = JsonRuleCompiler.check(policy);
		if (error != null) {
			throw SnsFault.invalidParameter("FilterPolicy: " + error);
		}
		Set<String> keys = new HashSet<>();
		collectKeys(tree, "", keys);
		if (keys.size() > MAX_KEYS) {
			throw SnsFault.invalidParameter("FilterPolicy: Filter policy can not have more than " + MAX_KEYS + " keys");
		}
		long combinations = combinations(tree);
		if (combinations > MAX_COMBINATIONS) {
			throw SnsFault.invalidParameter("FilterPolicy: Filter policy is too complex: " + combinations
					+ " combinations, at most " + MAX_COMBINATIONS);
		}
		return new SnsFilterPolicy(policy, scope);
	}

	boolean matches(SnsMessage message) {
		String event;
		if (SCOPE_BODY.equals(this.scope)) {
			JsonNode body;
			try {
				body = Json.MAPPER.readTree(message.bodyFor("sqs"));
			}
			catch (JacksonException ex) {
				return false;
			}
			if (!body.isObject()) {
				return false;
			}
			event = body.toString();
		}
		else {
			ObjectNode flattened = Json.MAPPER.createObjectNode();
			for (Map.Entry<String, SnsMessageAttribute> attribute : message.attributes().entrySet()) {
				JsonNode value = attribute.getValue().filterValue();
				if (value != null) {
					flattened.set(attribute.getKey(), value);
				}
			}
			event = flattened.toString();
		}
		try {
			return !this.machine.rulesForJSONEvent(event).isEmpty();
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static void collectKeys(JsonNode node, String path, Set<String> keys) {
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			if (field.getKey().equals("$or")) {
				field.getValue().forEach((branch) -> collectKeys(branch, path, keys));
			}
			else if (field.getValue().isObject()) {
				collectKeys(field.getValue(), path + field.getKey() + ".", keys);
			}
			else {
				keys.add(path + field.getKey());
			}
		}
	}

	private static long combinations(JsonNode node) {
		long product = 1;
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			JsonNode value = field.getValue();
			if (field.getKey().equals("$or")) {
				long sum = 0;
				for (JsonNode branch : value) {
					sum += combinations(branch);
				}
				product *= Math.max(sum, 1);
			}
			else if (value.isObject()) {
				product *= combinations(value);
			}
			else if (value.isArray()) {
				product *= Math.max(value.size(), 1);
			}
		}
		return product;
	}

}
