package dev.ferry.transport.sns;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.core.convert.DeserializationException;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.EnvelopeReader;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what an SNS subscription queue delivers, in both forms:
 * <ul>
 * <li>raw delivery ({@code RawMessageDelivery=true}): the body is the published message and the
 * queue message's attributes are the published attributes, so it passes as is;</li>
 * <li>the notification envelope (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html):
 * the payload is {@code Message}, headers come from {@code MessageAttributes}, and TopicArn, the SNS
 * MessageId, Timestamp, Subject and SequenceNumber become the attributes {@code sns.TopicArn} and so
 * on, visible on {@code MessageContext.transportAttributes()}; a Ferry dead-letter header among
 * them becomes the message's {@code DeadLetterInfo}, as it does on a raw delivery.</li>
 * </ul>
 * A delivery whose queue attributes carry Ferry's message id is raw; otherwise a JSON object with
 * {@code Type: Notification}, {@code TopicArn}, {@code MessageId} and {@code Message} is an
 * envelope; anything else is a raw message from a producer other than Ferry. With
 * {@code verifySignatures} every envelope's signature is checked first.
 */
final class SnsEnvelopeReader implements EnvelopeReader {

	/** Prefix of the attributes taken from the envelope. */
	static final String ATTRIBUTE_PREFIX = "sns.";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final @Nullable SnsSignatureVerifier verifier;

	SnsEnvelopeReader(@Nullable SnsSignatureVerifier verifier) {
		this.verifier = verifier;
	}

	@Override
	public InboundMessage read(InboundMessage delivered) {
		JsonNode envelope = envelopeOrNull(delivered);
		if (envelope == null) {
			return delivered;
		}
		if (this.verifier != null) {
			this.verifier.verify(envelope);
		}
		Map<String, String> headers = new LinkedHashMap<>(delivered.headers().asMap());
		headers.putAll(SnsHeaders.fromEnvelope(envelope.get("MessageAttributes")));
		String snsMessageId = SnsSignatureVerifier.text(envelope, "MessageId");
		Map<String, String> attributes = new LinkedHashMap<>(delivered.attributes());
		for (String field : new String[] { "TopicArn", "MessageId", "Timestamp", "Subject", "SequenceNumber",
				"UnsubscribeURL" }) {
			JsonNode value = envelope.get(field);
			if (value != null && !value.isNull()) {
				attributes.put(ATTRIBUTE_PREFIX + field, value.asString());
			}
		}
		String deduplication = headers.get(FerryHeaders.DEDUPLICATION_ID);
		return delivered.toBuilder()
			.id(headers.getOrDefault(FerryHeaders.MESSAGE_ID, snsMessageId))
			.body(SnsSignatureVerifier.text(envelope, "Message").getBytes(StandardCharsets.UTF_8))
			.headers(Headers.of(headers))
			.deduplicationId(deduplication != null ? deduplication : delivered.deduplicationId())
			.sentAt(timestamp(envelope, delivered.sentAt()))
			.attributes(attributes)
			// A Ferry dead letter published to the topic (another transport's dead-letter destination)
			// carries its reason in a message attribute, which the envelope holds.
			.deadLetter(delivered.deadLetter() != null ? delivered.deadLetter()
					: DeadLetterCodec.decode(headers.get(FerryHeaders.DEAD_LETTER)))
			.build();
	}

	/** The envelope of a delivery, or null for a raw delivery. */
	static @Nullable JsonNode envelopeOrNull(InboundMessage delivered) {
		if (delivered.headers().contains(FerryHeaders.MESSAGE_ID) || delivered.body().length == 0
				|| delivered.body()[0] != '{') {
			return null;
		}
		JsonNode node;
		try {
			node = MAPPER.readTree(delivered.body());
		}
		catch (JacksonException ex) {
			return null;
		}
		if (node == null || !node.isObject() || !"Notification".equals(node.path("Type").asString(""))
				|| !node.has("TopicArn") || !node.has("MessageId") || !node.has("Message")) {
			return null;
		}
		if (!node.get("Message").isString()) {
			throw new DeserializationException("SNS envelope's Message is not text", null);
		}
		return node;
	}

	private static @Nullable Instant timestamp(JsonNode envelope, @Nullable Instant fallback) {
		JsonNode value = envelope.get("Timestamp");
		if (value == null || value.isNull()) {
			return fallback;
		}
		try {
			return Instant.parse(value.asString());
		}
		catch (DateTimeParseException ex) {
			return fallback;
		}
	}

}
