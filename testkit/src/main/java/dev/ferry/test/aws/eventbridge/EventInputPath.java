package dev.ferry.test.aws.eventbridge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The subset of JSONPath the stand-in evaluates for a target's InputPath: {@code $}, and
 * {@code $.field.field[index]...}. Other JSONPath syntax is rejected at PutTargets with an error
 * naming it, rather than evaluated differently from AWS
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 */
final class EventInputPath {

	private static final Pattern WHOLE = Pattern.compile("\\$((\\.[A-Za-z0-9_\\-]+)|(\\[\\d+\\]))*");

	private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_\\-]+)|\\[(\\d+)\\]");

	private EventInputPath() {
	}

	static void validate(String path) {
		if (!WHOLE.matcher(path).matches()) {
			throw EventBridgeFault.unsupported("InputPath '" + path + "': only $ followed by .field and [index] steps "
					+ "is implemented");
		}
	}

	/** @return the selected node, or a missing node when the path selects nothing */
	static JsonNode select(JsonNode event, String path) {
		Matcher matcher = STEP.matcher(path.substring(1));
		JsonNode node = event;
		while (matcher.find()) {
			node = matcher.group(1) != null ? node.path(matcher.group(1)) : node.path(Integer.parseInt(matcher.group(2)));
		}
		return node;
	}

}
