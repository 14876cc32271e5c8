package dev.ferry.test.aws.eventbridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ferry.test.aws.Json;
import dev.ferry.test.aws.ResourceTags;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * TagResource, UntagResource and ListTagsForResource for event buses and rules, per
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TagResource.html, and the Tags of
 * CreateEventBus and PutRule.
 */
final class EventTagActions {

	private final EventBridgeRegistry registry;

	private final ResourceTags tags = new ResourceTags();

	EventTagActions(EventBridgeRegistry registry) {
		this.registry = registry;
	}

	/** Records the Tags member of a create call for the resource it created. */
	void tagOnCreate(String arn, EventBridgeRequest request) {
		this.tags.tag(arn, tags(request.node().path("Tags")));
	}

	/** Forgets the tags of a deleted bus or rule. */
	void forget(String arn) {
		this.tags.remove(arn);
	}

	ObjectNode tagResource(EventBridgeRequest request) {
		request.rejectUnknown("TagResource", Set.of("ResourceARN", "Tags"));
		this.tags.tag(existing(request), tags(request.node().path("Tags")));
		return Json.MAPPER.createObjectNode();
	}

	ObjectNode untagResource(EventBridgeRequest request) {
		request.rejectUnknown("UntagResource", Set.of("ResourceARN", "TagKeys"));
		List<String> keys = new ArrayList<>();
		request.node().path("TagKeys").forEach((key) -> keys.add(key.asString()));
		this.tags.untag(existing(request), keys);
		return Json.MAPPER.createObjectNode();
	}

	ObjectNode listTagsForResource(EventBridgeRequest request) {
		request.rejectUnknown("ListTagsForResource", Set.of("ResourceARN"));
		ObjectNode response = Json.MAPPER.createObjectNode();
		ArrayNode items = response.putArray("Tags");
		this.tags.list(existing(request)).forEach((key, value) -> items.addObject().put("Key", key).put("Value", value));
		return response;
	}

	private static Map<String, String> tags(JsonNode tags) {
		Map<String, String> map = new LinkedHashMap<>();
		tags.forEach((tag) -> map.put(tag.path("Key").asString(""), tag.path("Value").asString("")));
		return map;
	}

	private String existing(EventBridgeRequest request) {
		String arn = request.require("ResourceARN");
		boolean exists;
		synchronized (this.registry) {
			exists = this.registry.buses().stream().anyMatch((bus) -> bus.arn().equals(arn))
					|| this.registry.buses().stream().flatMap((bus) -> this.registry.rules(bus.name()).stream())
						.anyMatch((rule) -> rule.arn().equals(arn));
		}
		if (!exists) {
			throw EventBridgeFault.notFound("Resource " + arn + " does not exist.");
		}
		return arn;
	}

}
