package dev.ferry.core.message;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;


/**
 * A message as a transport received it, before conversion: raw body, headers and what the
 * transport knows about the delivery. Created by transports, consumed by Ferry's pipeline.
 *
 * @param id Ferry's message id (the {@link FerryHeaders#MESSAGE_ID} header), else the transport's
 * id
 * @param transportMessageId the transport's own id (SQS MessageId, Kafka topic-partition@offset,
 * Kinesis sequence number)
 * @param destination logical destination name it was received from
 * @param body raw payload bytes
 * @param headers user and Ferry headers
 * @param key ordering/partition key, if any
 * @param deduplicationId deduplication id given at publish, if any
 * @param orderingGroup the unit of order this message belongs to (FIFO message group, Kafka
 * partition, Kinesis shard), or null where the transport keeps no order
 * @param attempt delivery attempt, starting at 1 (SQS ApproximateReceiveCount)
 * @param sentAt when the message was first published or enqueued, if known
 * @param attributes transport metadata (system attributes, partition, offset, ...), informational
 * @param control hooks the pipeline uses while the message is processed
 */
public record InboundMessage(String id, String transportMessageId, String destination, byte[] body, Headers headers,
		@Nullable String key, @Nullable String deduplicationId, @Nullable String orderingGroup, int attempt,
		@Nullable Instant sentAt, Map<String, String> attributes, DeliveryControl control) {

	public InboundMessage {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(transportMessageId, "transportMessageId");
		Objects.requireNonNull(destination, "destination");
		Objects.requireNonNull(body, "body");
		Objects.requireNonNull(headers, "headers");
		attributes = Map.copyOf(attributes);
		if (attempt < 1) {
			throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
		}
	}

	/**
	 * Reference used in logs: {@code destination#id}. The id may come from a header the sender chose,
	 * so it is cut to {@value #MAX_LOGGED_ID} characters and control characters are escaped: a
	 * crafted id cannot forge log lines.
	 */
	public String reference() {
		return this.destination + "#" + loggable(this.id);
	}

	/** Longest message id shown in a {@link #reference()}. */
	static final int MAX_LOGGED_ID = 200;

	private static String loggable(String id) {
		boolean clean = id.length() <= MAX_LOGGED_ID && id.chars().noneMatch(Character::isISOControl);
		if (clean) {
			return id;
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < id.length() && out.length() < MAX_LOGGED_ID; i++) {
			char c = id.charAt(i);
			out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
		}
		return id.length() > MAX_LOGGED_ID ? out + "..." : out.toString();
	}

	@Override
	public String toString() {
		return "InboundMessage[" + reference() + ", attempt=" + this.attempt + "]";
	}

}
