package dev.ferry.test.aws.eventbridge;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.ferry.test.aws.FaultInjector;
import dev.ferry.test.aws.Json;
import dev.ferry.test.aws.LocalAwsAccount;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PutEvents: per-entry validation and results in request order, the documented entry size, the
 * event envelope (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html)
 * and injected per-entry failures; accepted events go to the {@link EventDispatcher}.
 */
final class PutEventsAction {

	/**
	 * PutEvents takes 1 to 10 entries.
	 * Source: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
	 */
	static final int MAX_ENTRIES = 10;

	/**
	 * Events up to 1 MB since 2026-01-29 (AWS Compute Blog, "payloads up to 1 MB"); read here as
	 * 1,048,576 bytes per request. Whether AWS applies it per entry or per request is unverified.
	 */
	static final int MAX_REQUEST_SIZE = 1_048_576;

	/**
	 * An entry's Time counts 14 bytes when set.
	 * Source: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
	 */
	static final int TIME_SIZE = 14;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
			.withZone(ZoneOffset.UTC);

	private static final Set<String> ENTRY_FIELDS = Set.of("Time", "Source", "Resources", "DetailType", "Detail",
			"EventBusName", "TraceHeader");

	private final EventBridgeRegistry registry;

	private final EventDispatcher dispatcher;

	private final FaultInjector<EventBridgeEntry> faults;

	PutEventsAction(EventBridgeRegistry registry, EventDispatcher dispatcher, FaultInjector<EventBridgeEntry> faults) {
		this.registry = registry;
		this.dispatcher = dispatcher;
		this.faults = faults;
	}

	ObjectNode putEvents(EventBridgeRequest request) {
		if (request.has("EndpointId")) {
			throw EventBridgeFault.unsupported("parameter 'EndpointId' of PutEvents (global endpoints)");
		}
		request.rejectUnknown("PutEvents", Set.of("Entries"));
		List<EventBridgeRequest> entries = request.list("Entries");
		if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
			throw EventBridgeFault.validation("1 validation error detected: Value at 'entries' failed to satisfy "
					+ "constraint: Member must have length less than or equal to " + MAX_ENTRIES
					+ " and greater than or equal to 1");
		}
		long total = entries.stream().mapToLong(PutEventsAction::size).sum();
		if (total > MAX_REQUEST_SIZE) {
			throw EventBridgeFault.validation("Total size of the entries in the request is over the limit.");
		}
		ObjectNode response = Json.MAPPER.createObjectNode();
		ArrayNode results = Json.MAPPER.createArrayNode();
		int failed = 0;
		for (EventBridgeRequest entry : entries) {
			ObjectNode result = results.addObject();
			EventBridgeEntry view = new EventBridgeEntry(EventBridgeRegistry.busName(entry.text("EventBusName")),
					entry.text("Source", ""), entry.text("DetailType", ""), entry.text("Detail", ""));
			Optional<FaultInjector.InjectedFault> fault = this.faults.poll(view);
			if (fault.isPresent()) {
				result.put("ErrorCode", fault.get().errorCode()).put("ErrorMessage", fault.get().errorMessage());
				failed++;
				continue;
			}
			try {
				result.put("EventId", accept(entry, view));
			}
			catch (EntryFailure ex) {
				result.put("ErrorCode", ex.code).put("ErrorMessage", ex.getMessage());
				failed++;
			}
		}
		response.put("FailedEntryCount", failed);
		response.set("Entries", results);
		return response;
	}

	/** Entry size as https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html computes it. */
	static long size(EventBridgeRequest entry) {
		long size = entry.has("Time") ? TIME_SIZE : 0;
		size += utf8(entry.text("Source", "")) + utf8(entry.text("DetailType", "")) + utf8(entry.text("Detail", ""));
		for (JsonNode resource : entry.node().path("Resources")) {
			size += utf8(resource.asString(""));
		}
		return size;
	}

	private static long utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	private String accept(EventBridgeRequest entry, EventBridgeEntry view) {
		for (String name : entry.node().propertyNames()) {
			if (!ENTRY_FIELDS.contains(name)) {
				throw new EntryFailure("InvalidArgument", "Parameter " + name + " is not supported by the Ferry local "
						+ "EventBridge stand-in.");
			}
		}
		requireArgument(view.source(), "Source");
		requireArgument(view.detailType(), "DetailType");
		requireArgument(view.detail(), "Detail");
		if (view.source().startsWith("aws.")) {
			throw new EntryFailure("NotAuthorizedForSourceException", "Not authorized for the source.");
		}
		JsonNode detail;
		try {
			detail = Json.MAPPER.readTree(view.detail());
		}
		catch (JacksonException ex) {
			throw new EntryFailure("MalformedDetail", "Detail is malformed.");
		}
		if (!detail.isObject()) {
			throw new EntryFailure("MalformedDetail", "Detail is malformed.");
		}
		if (this.registry.findBus(view.eventBusName()) == null) {
			throw new EntryFailure("ResourceNotFoundException", "Event bus " + view.eventBusName() + " does not exist.");
		}
		String id = UUID.randomUUID().toString();
		ObjectNode event = Json.MAPPER.createObjectNode();
		event.put("version", "0");
		event.put("id", id);
		event.put("detail-type", view.detailType());
		event.put("source", view.source());
		event.put("account", LocalAwsAccount.ACCOUNT_ID);
		event.put("time", TIME.format(time(entry)));
		event.put("region", LocalAwsAccount.REGION);
		ArrayNode resources = event.putArray("resources");
		entry.node().path("Resources").forEach((resource) -> resources.add(resource.asString("")));
		event.set("detail", detail);
		this.dispatcher.dispatch(view.eventBusName(), event);
		return id;
	}

	private static Instant time(EventBridgeRequest entry) {
		JsonNode time = entry.node().path("Time");
		if (time.isNumber()) {
			return Instant.ofEpochMilli(Math.round(time.asDouble() * 1000));
		}
		if (time.isString()) {
			return Instant.parse(time.asString());
		}
		return Instant.now();
	}

	private static void requireArgument(String value, String name) {
		if (value.isEmpty()) {
			throw new EntryFailure("InvalidArgument", "Parameter " + name + " is not valid. Reason: " + name
					+ " is a required argument.");
		}
	}

	/** A per-entry failure: reported in the entry's result, never as a request error. */
	private static final class EntryFailure extends RuntimeException {

		private final String code;

		EntryFailure(String code, String message) {
			super(message);
			this.code = code;
		}

	}

}
