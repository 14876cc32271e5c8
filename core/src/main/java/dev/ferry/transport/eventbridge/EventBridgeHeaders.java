package dev.ferry.transport.eventbridge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.core.message.Headers;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where Ferry's headers ride on an EventBridge event. EventBridge events have no message
 * attributes: an entry carries only Source, DetailType, Detail, Resources, Time and a TraceHeader.
 * So Ferry puts its headers (its message id and type, W3C {@code traceparent}, the application's
 * own headers) in one reserved, documented field of the detail, {@value #FIELD}, an object of
 * string values. Every other field of the detail is the payload exactly as converted, so rule
 * patterns on {@code detail.<field>} keep matching; the reader removes {@value #FIELD} again before
 * the payload reaches the handler. A payload that has a top-level field of that name is refused at
 * publish rather than overwritten.
 *
 * <p>Rejected alternatives: {@code resources} (AWS means ARNs there and counts them in patterns on
 * {@code resources}), and wrapping the payload ({@code {"headers":..., "payload":...}}), which would
 * move every user field to {@code detail.payload.*} and break the patterns users write.
 *
 * <p>The X-Ray header ({@link #AWS_TRACE_HEADER}) travels in the entry's own {@code TraceHeader}.
 */
public final class EventBridgeHeaders {

	/** Reserved top-level field of the detail that carries Ferry's headers. */
	public static final String FIELD = "_ferry";

	/**
	 * Header under which an X-Ray trace header is given at publish; sent as the entry's
	 * {@code TraceHeader}. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html
	 */
	public static final String AWS_TRACE_HEADER = "AWSTraceHeader";

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private EventBridgeHeaders() {
	}

	/**
	 * The detail for a payload: its JSON object with {@value #FIELD} added as its last field.
	 * @throws InvalidDetailException when the payload is not a JSON object or already uses the field
	 */
	static String detail(byte[] body, Headers headers) {
		String json = new String(body, StandardCharsets.UTF_8);
		boolean empty = checkObject(body);
		Map<String, String> carried = new LinkedHashMap<>(headers.asMap());
		carried.remove(AWS_TRACE_HEADER);
		if (carried.isEmpty()) {
			return json;
		}
		// spliced in as text rather than re-serialised: the payload keeps its bytes as converted
		int end = json.lastIndexOf('}');
		StringBuilder detail = new StringBuilder(json.length() + 64 * carried.size());
		detail.append(json, 0, end);
		if (!empty) {
			detail.append(',');
		}
		detail.append('"').append(FIELD).append("\":").append(MAPPER.writeValueAsString(carried)).append('}');
		return detail.toString();
	}

	/**
	 * Reads Ferry's headers out of a received detail object and removes them from it.
	 * @return the headers; empty when the detail has none (an event another producer put)
	 */
	static Map<String, String> extract(ObjectNode detail) {
		JsonNode field = detail.remove(FIELD);
		Map<String, String> headers = new LinkedHashMap<>();
		if (field != null && field.isObject()) {
			for (Map.Entry<String, JsonNode> entry : field.properties()) {
				if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
					headers.put(entry.getKey(), entry.getValue().asString());
				}
			}
		}
		return headers;
	}

	/** Checks that the body is one JSON object without the reserved field; returns whether it is empty. */
	private static boolean checkObject(byte[] body) {
		try (JsonParser parser = MAPPER.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new InvalidDetailException("the payload is not a JSON object; an EventBridge event's detail "
						+ "must be one (publish an object, for example a record, not a string, number or array)");
			}
			boolean empty = true;
			JsonToken token;
			while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				empty = false;
				if (FIELD.equals(parser.currentName())) {
					throw new InvalidDetailException("the payload has a top-level field '" + FIELD
							+ "', which Ferry reserves for its headers on EventBridge; rename the field");
				}
				parser.nextToken();
				parser.skipChildren();
			}
			if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
				throw new InvalidDetailException("the payload is not a single JSON object");
			}
			return empty;
		}
		catch (JacksonException ex) {
			throw new InvalidDetailException("the payload is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	/** The payload cannot be an event's detail. */
	static final class InvalidDetailException extends RuntimeException {

		InvalidDetailException(String message) {
			super(message);
		}

	}

	static @Nullable String traceHeader(Headers headers) {
		String header = headers.getOrNull(AWS_TRACE_HEADER);
		return header == null || header.isBlank() ? null : header;
	}

}
