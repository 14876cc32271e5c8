package dev.ferry.test.aws.eventbridge;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.ferry.test.aws.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CreateEventBus, DescribeEventBus, DeleteEventBus and ListEventBuses, per
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html and neighbours.
 */
final class EventBusActions {

	/**
	 * Custom event bus names: 1-256 of {@code [/\.\-_A-Za-z0-9]}; names with {@code /} are partner buses.
	 * Source: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
	 */
	private static final Pattern BUS_NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,256}");

	private final EventBridgeRegistry registry;

	private final EventTagActions tags;

	EventBusActions(EventBridgeRegistry registry, EventTagActions tags) {
		this.registry = registry;
		this.tags = tags;
	}

	ObjectNode createEventBus(EventBridgeRequest request) {
		request.rejectUnknown("CreateEventBus", Set.of("Name", "Description", "Tags"));
		String name = request.require("Name");
		if (!BUS_NAME.matcher(name).matches()) {
			throw EventBridgeFault.validation("1 validation error detected: Value '" + name + "' at 'name' failed to "
					+ "satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+");
		}
		synchronized (this.registry) {
			if (this.registry.findBus(name) != null) {
				throw new EventBridgeFault("ResourceAlreadyExistsException", 400, "Event bus " + name + " already exists.");
			}
			this.registry.addBus(new EventBridgeRegistry.EventBus(name, EventBridgeRegistry.busArn(name),
					request.text("Description"), Instant.now()));
			this.tags.tagOnCreate(EventBridgeRegistry.busArn(name), request);
		}
		ObjectNode response = Json.MAPPER.createObjectNode().put("EventBusArn", EventBridgeRegistry.busArn(name));
		if (request.text("Description") != null) {
			response.put("Description", request.text("Description"));
		}
		return response;
	}

	ObjectNode describeEventBus(EventBridgeRequest request) {
		request.rejectUnknown("DescribeEventBus", Set.of("Name"));
		EventBridgeRegistry.EventBus bus = this.registry.bus(EventBridgeRegistry.busName(request.text("Name")));
		ObjectNode response = Json.MAPPER.createObjectNode().put("Name", bus.name()).put("Arn", bus.arn());
		if (bus.description() != null) {
			response.put("Description", bus.description());
		}
		double created = bus.created().toEpochMilli() / 1000.0;
		return response.put("CreationTime", created).put("LastModifiedTime", created);
	}

	ObjectNode deleteEventBus(EventBridgeRequest request) {
		request.rejectUnknown("DeleteEventBus", Set.of("Name"));
		String name = request.require("Name");
		if (EventBridgeRegistry.DEFAULT_BUS.equals(name)) {
			throw EventBridgeFault.validation("Cannot delete event bus default.");
		}
		synchronized (this.registry) {
			this.registry.rules(name).forEach((rule) -> this.tags.forget(rule.arn()));
			this.registry.removeBus(name);
		}
		this.tags.forget(EventBridgeRegistry.busArn(name));
		return Json.MAPPER.createObjectNode();
	}

	ObjectNode listEventBuses(EventBridgeRequest request) {
		request.rejectUnknown("ListEventBuses", Set.of("NamePrefix", "NextToken", "Limit"));
		String prefix = request.text("NamePrefix", "");
		List<EventBridgeRegistry.EventBus> buses = this.registry.buses().stream()
				.filter((bus) -> bus.name().startsWith(prefix)).toList();
		ObjectNode response = Json.MAPPER.createObjectNode();
		ArrayNode items = response.putArray("EventBuses");
		EventBridgePaging.page(request, buses, response).forEach((bus) -> items.addObject().put("Name", bus.name())
				.put("Arn", bus.arn()));
		return response;
	}

}
