package dev.ferry.test.aws.eventbridge;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.ferry.test.aws.Json;
import dev.ferry.test.aws.SqsQueues;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PutTargets, RemoveTargets and ListTargetsByRule for SQS targets, per
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html and
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html.
 */
final class EventTargetActions {

	/**
	 * A rule has at most 5 targets.
	 * Source: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
	 */
	static final int MAX_TARGETS_PER_RULE = 5;

	/**
	 * PutTargets and RemoveTargets take 1 to 10 targets.
	 * Source: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html
	 */
	static final int MAX_TARGETS_PER_REQUEST = 10;

	/**
	 * RetryPolicy: MaximumRetryAttempts 0-185 (default 185), MaximumEventAgeInSeconds 60-86,400 (default 86,400).
	 * Source: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
	 */
	static final int MAX_RETRY_ATTEMPTS = 185;

	/** See {@link #MAX_RETRY_ATTEMPTS}. */
	static final int MIN_EVENT_AGE_SECONDS = 60;

	/** See {@link #MAX_RETRY_ATTEMPTS}. */
	static final int MAX_EVENT_AGE_SECONDS = 86_400;

	/**
	 * Target ids: 1-64 of {@code [\.\-_A-Za-z0-9]}.
	 * Source: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html
	 */
	private static final Pattern TARGET_ID = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");

	private static final Set<String> TARGET_FIELDS = Set.of("Id", "Arn", "Input", "InputPath", "RoleArn",
			"SqsParameters", "DeadLetterConfig", "RetryPolicy");

	private final EventBridgeRegistry registry;

	EventTargetActions(EventBridgeRegistry registry) {
		this.registry = registry;
	}

	ObjectNode putTargets(EventBridgeRequest request) {
		request.rejectUnknown("PutTargets", Set.of("Rule", "EventBusName", "Targets"));
		List<EventBridgeRequest> targets = request.list("Targets");
		if (targets.isEmpty() || targets.size() > MAX_TARGETS_PER_REQUEST) {
			throw EventBridgeFault.validation("1 validation error detected: Value at 'targets' failed to satisfy "
					+ "constraint: Member must have length between 1 and " + MAX_TARGETS_PER_REQUEST);
		}
		List<EventTarget> parsed = targets.stream().map(EventTargetActions::parse).toList();
		synchronized (this.registry) {
			EventRule rule = this.registry.rule(EventBridgeRegistry.busName(request.text("EventBusName")),
					request.require("Rule"));
			long added = parsed.stream().filter((t) -> !rule.targets().containsKey(t.id())).count();
			if (rule.targets().size() + added > MAX_TARGETS_PER_RULE) {
				throw new EventBridgeFault("LimitExceededException", 400,
						"The requested resource exceeds the maximum number allowed.");
			}
			parsed.forEach((target) -> rule.targets().put(target.id(), target));
		}
		ObjectNode response = Json.MAPPER.createObjectNode().put("FailedEntryCount", 0);
		response.putArray("FailedEntries");
		return response;
	}

	ObjectNode removeTargets(EventBridgeRequest request) {
		request.rejectUnknown("RemoveTargets", Set.of("Rule", "EventBusName", "Ids", "Force"));
		synchronized (this.registry) {
			EventRule rule = this.registry.rule(EventBridgeRegistry.busName(request.text("EventBusName")),
					request.require("Rule"));
			request.node().path("Ids").forEach((id) -> rule.targets().remove(id.asString()));
		}
		ObjectNode response = Json.MAPPER.createObjectNode().put("FailedEntryCount", 0);
		response.putArray("FailedEntries");
		return response;
	}

	ObjectNode listTargetsByRule(EventBridgeRequest request) {
		request.rejectUnknown("ListTargetsByRule", Set.of("Rule", "EventBusName", "NextToken", "Limit"));
		List<EventTarget> targets;
		synchronized (this.registry) {
			targets = List.copyOf(this.registry.rule(EventBridgeRegistry.busName(request.text("EventBusName")),
					request.require("Rule")).targets().values());
		}
		ObjectNode response = Json.MAPPER.createObjectNode();
		ArrayNode items = response.putArray("Targets");
		EventBridgePaging.page(request, targets, response).forEach((target) -> items.add(target.json()));
		return response;
	}

	private static EventTarget parse(EventBridgeRequest target) {
		if (target.has("InputTransformer")) {
			throw EventBridgeFault.unsupported("parameter 'InputTransformer' of a target");
		}
		target.rejectUnknown("a target", TARGET_FIELDS);
		String id = target.require("Id");
		if (!TARGET_ID.matcher(id).matches()) {
			throw EventBridgeFault.validation("1 validation error detected: Value '" + id + "' at 'targets.1.member.id' "
					+ "failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
		}
		String arn = target.require("Arn");
		if (!arn.startsWith("arn:aws:sqs:")) {
			throw EventBridgeFault.unsupported("target " + arn + ": only Amazon SQS targets are implemented");
		}
		String input = target.text("Input");
		String inputPath = target.text("InputPath");
		if (input != null && inputPath != null) {
			throw EventBridgeFault.validation("Only one of Input, InputPath, or InputTransformer must be provided.");
		}
		if (input != null) {
			try {
				Json.MAPPER.readTree(input);
			}
			catch (JacksonException ex) {
				throw EventBridgeFault.validation("Target " + id + ": Input is not valid JSON text.");
			}
		}
		if (inputPath != null) {
			EventInputPath.validate(inputPath);
		}
		String groupId = target.object("SqsParameters").text("MessageGroupId");
		String dlq = target.object("DeadLetterConfig").text("Arn");
		if (dlq != null && (!SqsQueues.isLocalQueueArn(dlq) || SqsQueues.isFifo(dlq))) {
			// DLQs must be standard SQS queues (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html).
			throw EventBridgeFault.validation("Target " + id + ": DeadLetterConfig.Arn must be a standard SQS queue "
					+ "in the same account and region: " + dlq);
		}
		JsonNode retry = target.node().path("RetryPolicy");
		int attempts = bounded(retry, "MaximumRetryAttempts", 0, MAX_RETRY_ATTEMPTS, MAX_RETRY_ATTEMPTS);
		int age = bounded(retry, "MaximumEventAgeInSeconds", MIN_EVENT_AGE_SECONDS, MAX_EVENT_AGE_SECONDS,
				MAX_EVENT_AGE_SECONDS);
		return new EventTarget(id, arn, input, inputPath, groupId, dlq, attempts, age, target.node().deepCopy());
	}

	private static int bounded(JsonNode retry, String name, int min, int max, int fallback) {
		JsonNode value = retry.path(name);
		if (value.isMissingNode() || value.isNull()) {
			return fallback;
		}
		int number = value.asInt();
		if (number < min || number > max) {
			throw EventBridgeFault.validation("1 validation error detected: Value '" + number + "' at 'retryPolicy."
					+ Character.toLowerCase(name.charAt(0)) + name.substring(1) + "' failed to satisfy constraint: "
					+ "Member must have value between " + min + " and " + max);
		}
		return number;
	}


}
