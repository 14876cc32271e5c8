package dev.ferry.transport.eventbridge;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An EventBridge event as a rule's SQS target receives it, decoded: the payload (the event's
 * {@code detail} without Ferry's headers field), Ferry's headers, and the envelope's fields.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 *
 * <p>A body that is not a full envelope (a target with {@code InputPath: $.detail}) is read as the
 * detail itself, so the same listener works with or without an input path; only the envelope
 * fields are then unknown.
 *
 * @param payload the detail as JSON bytes, without {@value EventBridgeHeaders#FIELD}
 * @param headers Ferry's and the application's headers carried in {@value EventBridgeHeaders#FIELD}
 * @param id the event id EventBridge assigned, when the body is an envelope
 * @param source {@code source}
 * @param detailType {@code detail-type}
 * @param time {@code time}
 * @param resources {@code resources}
 * @param account {@code account}
 * @param region {@code region}
 * @param replayName {@code replay-name}, present only on events a replay re-sent
 */
public record EventBridgeEnvelope(byte[] payload, Map<String, String> headers, @Nullable String id,
		@Nullable String source, @Nullable String detailType, @Nullable Instant time, List<String> resources,
		@Nullable String account, @Nullable String region, @Nullable String replayName) {

	/** Prefix of the attribute names under which the envelope's fields reach {@code MessageContext}. */
	public static final String ATTRIBUTE_PREFIX = "eventbridge.";

	public static final String ID = ATTRIBUTE_PREFIX + "id";

	public static final String SOURCE = ATTRIBUTE_PREFIX + "source";

	public static final String DETAIL_TYPE = ATTRIBUTE_PREFIX + "detail-type";

	public static final String TIME = ATTRIBUTE_PREFIX + "time";

	/** Resources joined with commas. */
	public static final String RESOURCES = ATTRIBUTE_PREFIX + "resources";

	public static final String ACCOUNT = ATTRIBUTE_PREFIX + "account";

	public static final String REGION = ATTRIBUTE_PREFIX + "region";

	public static final String REPLAY_NAME = ATTRIBUTE_PREFIX + "replay-name";

	public EventBridgeEnvelope {
		Objects.requireNonNull(payload, "payload");
		headers = Map.copyOf(headers);
		resources = List.copyOf(resources);
	}

	/**
	 * Decodes a received body.
	 * @throws IllegalArgumentException when the body is not JSON, or its detail is not a JSON object:
	 * the caller turns that into a non-retryable failure of this message only
	 */
	public static EventBridgeEnvelope read(String body) {
		JsonNode root;
		try {
			root = EventBridgeHeaders.MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("message body is not JSON, so not an EventBridge event: "
					+ ex.getOriginalMessage());
		}
		if (!(root instanceof ObjectNode object)) {
			throw new IllegalArgumentException("message body is not a JSON object, so not an EventBridge event");
		}
		boolean envelope = object.has("detail-type") && object.has("source") && object.has("detail");
		JsonNode detail = envelope ? object.get("detail") : object;
		if (!(detail instanceof ObjectNode detailObject)) {
			throw new IllegalArgumentException("the event's detail is not a JSON object");
		}
		Map<String, String> headers = EventBridgeHeaders.extract(detailObject);
		byte[] payload = EventBridgeHeaders.MAPPER.writeValueAsString(detailObject).getBytes(StandardCharsets.UTF_8);
		if (!envelope) {
			return new EventBridgeEnvelope(payload, headers, null, null, null, null, List.of(), null, null, null);
		}
		List<String> resources = new ArrayList<>();
		object.path("resources").forEach(resource -> resources.add(resource.asString()));
		return new EventBridgeEnvelope(payload, headers, text(object, "id"), text(object, "source"),
				text(object, "detail-type"), time(text(object, "time")), resources, text(object, "account"),
				text(object, "region"), text(object, "replay-name"));
	}

	/**
	 * Ferry's {@link EnvelopeReader} for a rule's target queue: the delivered SQS message becomes the
	 * published one (payload from {@code detail}, headers from {@value EventBridgeHeaders#FIELD}, id
	 * from Ferry's header else the event id, sent time from {@code time}), with the envelope's fields
	 * among its attributes. Keeps the delivery's own attributes and dead-letter information.
	 */
	static InboundMessage decode(InboundMessage delivered) {
		EventBridgeEnvelope envelope = read(new String(delivered.body(), StandardCharsets.UTF_8));
		Map<String, String> headers = new LinkedHashMap<>(delivered.headers().asMap());
		headers.putAll(envelope.headers());
		String id = envelope.headers().get(FerryHeaders.MESSAGE_ID);
		if (id == null) {
			id = envelope.id() != null ? envelope.id() : delivered.id();
		}
		Map<String, String> attributes = new LinkedHashMap<>(delivered.attributes());
		attributes.putAll(envelope.attributes());
		return delivered.toBuilder()
			.id(id)
			.body(envelope.payload())
			.headers(Headers.of(headers))
			.deduplicationId(headers.get(FerryHeaders.DEDUPLICATION_ID))
			.sentAt(envelope.time() != null ? envelope.time() : delivered.sentAt())
			.attributes(attributes)
			.build();
	}

	/** Whether the body was a full envelope (not a bare detail of an input path). */
	public boolean isEnvelope() {
		return this.id != null;
	}

	/** The envelope's fields under the {@value #ATTRIBUTE_PREFIX} names; only those present. */
	public Map<String, String> attributes() {
		Map<String, String> attributes = new LinkedHashMap<>();
		put(attributes, ID, this.id);
		put(attributes, SOURCE, this.source);
		put(attributes, DETAIL_TYPE, this.detailType);
		put(attributes, TIME, this.time != null ? this.time.toString() : null);
		if (!this.resources.isEmpty()) {
			attributes.put(RESOURCES, String.join(",", this.resources));
		}
		put(attributes, ACCOUNT, this.account);
		put(attributes, REGION, this.region);
		put(attributes, REPLAY_NAME, this.replayName);
		return attributes;
	}

	private static void put(Map<String, String> attributes, String key, @Nullable String value) {
		if (value != null) {
			attributes.put(key, value);
		}
	}

	private static @Nullable String text(ObjectNode object, String field) {
		JsonNode node = object.get(field);
		return node == null || node.isNull() ? null : node.asString();
	}

	private static @Nullable Instant time(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
