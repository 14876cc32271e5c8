package dev.ferry.test.aws.eventbridge;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.ferry.test.aws.Json;
import dev.ferry.test.aws.LocalAwsAccount;
import software.amazon.event.ruler.JsonRuleCompiler;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PutRule, DescribeRule, ListRules, DeleteRule, EnableRule and DisableRule, per
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html and neighbours. Event
 * patterns are validated and matched by AWS's event-ruler.
 */
final class EventRuleActions {

	/**
	 * Rule names: 1-64 of {@code [\.\-_A-Za-z0-9]}.
	 * Source: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
	 */
	private static final Pattern RULE_NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");

	private static final Set<String> STATES = Set.of("ENABLED", "DISABLED");

	private final EventBridgeRegistry registry;

	private final EventTagActions tags;

	EventRuleActions(EventBridgeRegistry registry, EventTagActions tags) {
		this.registry = registry;
		this.tags = tags;
	}

	ObjectNode putRule(EventBridgeRequest request) {
		if (request.has("ScheduleExpression")) {
			throw EventBridgeFault.unsupported("parameter 'ScheduleExpression' of PutRule (scheduled rules)");
		}
		request.rejectUnknown("PutRule", Set.of("Name", "EventBusName", "EventPattern", "State", "Description",
				"RoleArn", "Tags"));
		String name = request.require("Name");
		if (!RULE_NAME.matcher(name).matches()) {
			throw EventBridgeFault.validation("1 validation error detected: Value '" + name + "' at 'name' failed to "
					+ "satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
		}
		String pattern = request.text("EventPattern");
		if (pattern == null) {
			throw EventBridgeFault.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
		}
		String error = JsonRuleCompiler.check(pattern);
		if (error != null) {
			throw new EventBridgeFault("InvalidEventPatternException", 400,
					"Event pattern is not valid. Reason: " + error);
		}
		String busName = EventBridgeRegistry.busName(request.text("EventBusName"));
		synchronized (this.registry) {
			this.registry.bus(busName);
			EventRule existing = this.registry.findRule(busName, name);
			String state = request.text("State", existing == null ? "ENABLED" : existing.state());
			if (!STATES.contains(state)) {
				throw EventBridgeFault.unsupported("rule State '" + state + "'");
			}
			if (existing != null) {
				existing.update(pattern, state, request.text("Description"));
				existing.roleArn(request.text("RoleArn"));
				return Json.MAPPER.createObjectNode().put("RuleArn", existing.arn());
			}
			EventRule rule = new EventRule(name, busName, EventBridgeRegistry.ruleArn(busName, name), pattern, state,
					request.text("Description"));
			rule.roleArn(request.text("RoleArn"));
			this.registry.addRule(rule);
			this.tags.tagOnCreate(rule.arn(), request);
			return Json.MAPPER.createObjectNode().put("RuleArn", rule.arn());
		}
	}

	ObjectNode describeRule(EventBridgeRequest request) {
		request.rejectUnknown("DescribeRule", Set.of("Name", "EventBusName"));
		EventRule rule = rule(request);
		return describe(rule).put("CreatedBy", LocalAwsAccount.ACCOUNT_ID);
	}

	ObjectNode listRules(EventBridgeRequest request) {
		request.rejectUnknown("ListRules", Set.of("NamePrefix", "EventBusName", "NextToken", "Limit"));
		String busName = EventBridgeRegistry.busName(request.text("EventBusName"));
		this.registry.bus(busName);
		String prefix = request.text("NamePrefix", "");
		List<EventRule> rules = this.registry.rules(busName).stream().filter((r) -> r.name().startsWith(prefix))
				.toList();
		ObjectNode response = Json.MAPPER.createObjectNode();
		ArrayNode items = response.putArray("Rules");
		EventBridgePaging.page(request, rules, response).forEach((rule) -> items.add(describe(rule)));
		return response;
	}

	ObjectNode deleteRule(EventBridgeRequest request) {
		request.rejectUnknown("DeleteRule", Set.of("Name", "EventBusName", "Force"));
		String busName = EventBridgeRegistry.busName(request.text("EventBusName"));
		String name = request.require("Name");
		synchronized (this.registry) {
			// Deleting a rule that does not exist succeeds (API_DeleteRule.html).
			EventRule rule = this.registry.findRule(busName, name);
			if (rule != null && !rule.targets().isEmpty()) {
				throw EventBridgeFault.validation("Rule can't be deleted since it has targets.");
			}
			this.registry.removeRule(busName, name);
			this.tags.forget(EventBridgeRegistry.ruleArn(busName, name));
		}
		return Json.MAPPER.createObjectNode();
	}

	ObjectNode setState(EventBridgeRequest request, String state) {
		request.rejectUnknown(state.equals("ENABLED") ? "EnableRule" : "DisableRule", Set.of("Name", "EventBusName"));
		synchronized (this.registry) {
			rule(request).state(state);
		}
		return Json.MAPPER.createObjectNode();
	}

	private EventRule rule(EventBridgeRequest request) {
		return this.registry.rule(EventBridgeRegistry.busName(request.text("EventBusName")), request.require("Name"));
	}

	private static ObjectNode describe(EventRule rule) {
		ObjectNode node = Json.MAPPER.createObjectNode().put("Name", rule.name()).put("Arn", rule.arn())
				.put("EventPattern", rule.pattern()).put("State", rule.state());
		if (rule.description() != null) {
			node.put("Description", rule.description());
		}
		if (rule.roleArn() != null) {
			node.put("RoleArn", rule.roleArn());
		}
		return node.put("EventBusName", rule.busName());
	}

}
