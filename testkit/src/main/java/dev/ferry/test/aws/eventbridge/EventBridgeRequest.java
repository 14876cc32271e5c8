package dev.ferry.test.aws.eventbridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One AWS JSON 1.1 request body (or a nested object of it) with the accessors the actions need.
 * Unknown members are rejected, so no parameter is ignored silently.
 */
final class EventBridgeRequest {

	private final JsonNode node;

	EventBridgeRequest(JsonNode node) {
		this.node = node;
	}

	JsonNode node() {
		return this.node;
	}

	@Nullable String text(String name) {
		JsonNode value = this.node.path(name);
		return value.isMissingNode() || value.isNull() ? null : value.asString();
	}

	String text(String name, String fallback) {
		String value = text(name);
		return value == null ? fallback : value;
	}

	String require(String name) {
		String value = text(name);
		if (value == null || value.isEmpty()) {
			throw EventBridgeFault.validation("1 validation error detected: Value null at '" + lowerFirst(name)
					+ "' failed to satisfy constraint: Member must not be null");
		}
		return value;
	}

	boolean has(String name) {
		return this.node.has(name) && !this.node.path(name).isNull();
	}

	List<EventBridgeRequest> list(String name) {
		List<EventBridgeRequest> items = new ArrayList<>();
		this.node.path(name).forEach((item) -> items.add(new EventBridgeRequest(item)));
		return items;
	}

	EventBridgeRequest object(String name) {
		return new EventBridgeRequest(this.node.path(name));
	}

	void rejectUnknown(String where, Set<String> known) {
		for (String name : this.node.propertyNames()) {
			if (!known.contains(name)) {
				throw EventBridgeFault.unsupported("parameter '" + name + "' of " + where);
			}
		}
	}

	private static String lowerFirst(String name) {
		return Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

}
