package dev.ferry.core.deadletter;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link DeadLetterInfo} into the single {@link dev.ferry.core.message.FerryHeaders#DEAD_LETTER}
 * header value (compact JSON) and reads it back. One header keeps within the ten-attribute budget
 * of SQS messages.
 */
public final class DeadLetterCodec {

	/** Longest exception message kept; the rest is cut so the header stays small. */
	static final int MAX_TEXT = 1024;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private DeadLetterCodec() {
	}

	public static String encode(DeadLetterInfo info) {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("reason", cut(info.reason()));
		putIfSet(node, "code", info.errorCode());
		putIfSet(node, "exception", info.exceptionType());
		putIfSet(node, "message", cut(info.exceptionMessage()));
		putIfSet(node, "source", info.source());
		putIfSet(node, "originalId", info.originalMessageId());
		if (info.attempts() > 0) {
			node.put("attempts", info.attempts());
		}
		if (info.failedAt() != null) {
			node.put("failedAt", info.failedAt().toString());
		}
		if (!info.details().isEmpty()) {
			ObjectNode details = node.putObject("details");
			info.details().forEach((key, value) -> details.put(key, cut(value)));
		}
		return node.toString();
	}

	/** Reads a header value written by {@link #encode}; null when absent or unreadable. */
	public static @Nullable DeadLetterInfo decode(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			JsonNode node = MAPPER.readTree(value);
			Map<String, String> details = new LinkedHashMap<>();
			JsonNode detailsNode = node.get("details");
			if (detailsNode != null) {
				for (Map.Entry<String, JsonNode> entry : detailsNode.properties()) {
					details.put(entry.getKey(), entry.getValue().asString());
				}
			}
			String failedAt = text(node, "failedAt");
			return new DeadLetterInfo(text(node, "reason") != null ? text(node, "reason") : "unknown",
					text(node, "code"), text(node, "exception"), text(node, "message"), text(node, "source"),
					text(node, "originalId"), node.has("attempts") ? node.get("attempts").asInt() : 0,
					failedAt != null ? Instant.parse(failedAt) : null, details);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

	private static void putIfSet(ObjectNode node, String field, @Nullable String value) {
		if (value != null) {
			node.put(field, value);
		}
	}

	private static @Nullable String cut(@Nullable String text) {
		if (text == null || text.length() <= MAX_TEXT) {
			return text;
		}
		return text.substring(0, MAX_TEXT) + "...";
	}

}
