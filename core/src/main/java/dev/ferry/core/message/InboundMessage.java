package dev.ferry.core.message;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.ferry.core.deadletter.DeadLetterInfo;
import org.jspecify.annotations.Nullable;


/**
 * A message as a transport received it, before conversion: raw body, headers and what the
 * transport knows about the delivery. Created by transports (and, for a destination consumed
 * through a queue, by the publishing transport's envelope reader), consumed by Ferry's pipeline.
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
 * @param deadLetter what is known about the message as a dead letter, when it was received from a
 * dead-letter destination; read once where the message enters the process and kept typed from there
 */
public record InboundMessage(String id, String transportMessageId, String destination, byte[] body, Headers headers,
		@Nullable String key, @Nullable String deduplicationId, @Nullable String orderingGroup, int attempt,
		@Nullable Instant sentAt, Map<String, String> attributes, DeliveryControl control,
		@Nullable DeadLetterInfo deadLetter) {

	public InboundMessage {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(transportMessageId, "transportMessageId");
		Objects.requireNonNull(destination, "destination");
		Objects.requireNonNull(body, "body");
		Objects.requireNonNull(headers, "headers");
		Objects.requireNonNull(control, "control");
		attributes = Map.copyOf(attributes);
		if (attempt < 1) {
			throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
		}
	}

	/** A message that is not a dead letter. */
	public InboundMessage(String id, String transportMessageId, String destination, byte[] body, Headers headers,
			@Nullable String key, @Nullable String deduplicationId, @Nullable String orderingGroup, int attempt,
			@Nullable Instant sentAt, Map<String, String> attributes, DeliveryControl control) {
		this(id, transportMessageId, destination, body, headers, key, deduplicationId, orderingGroup, attempt, sentAt,
				attributes, control, null);
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

	/** The same delivery with the given dead-letter information. */
	public InboundMessage withDeadLetter(@Nullable DeadLetterInfo deadLetter) {
		return toBuilder().deadLetter(deadLetter).build();
	}

	/** A builder that starts from this message; what envelope readers use to unwrap a delivery. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	@Override
	public String toString() {
		return "InboundMessage[" + reference() + ", attempt=" + this.attempt + "]";
	}

	/** Copies a delivered message with some parts replaced. */
	public static final class Builder {

		private String id;

		private final String transportMessageId;

		private final String destination;

		private byte[] body;

		private Headers headers;

		private @Nullable String key;

		private @Nullable String deduplicationId;

		private final @Nullable String orderingGroup;

		private final int attempt;

		private @Nullable Instant sentAt;

		private Map<String, String> attributes;

		private final DeliveryControl control;

		private @Nullable DeadLetterInfo deadLetter;

		private Builder(InboundMessage message) {
			this.id = message.id;
			this.transportMessageId = message.transportMessageId;
			this.destination = message.destination;
			this.body = message.body;
			this.headers = message.headers;
			this.key = message.key;
			this.deduplicationId = message.deduplicationId;
			this.orderingGroup = message.orderingGroup;
			this.attempt = message.attempt;
			this.sentAt = message.sentAt;
			this.attributes = message.attributes;
			this.control = message.control;
			this.deadLetter = message.deadLetter;
		}

		public Builder id(String id) {
			this.id = Objects.requireNonNull(id, "id");
			return this;
		}

		public Builder body(byte[] body) {
			this.body = Objects.requireNonNull(body, "body");
			return this;
		}

		public Builder headers(Headers headers) {
			this.headers = Objects.requireNonNull(headers, "headers");
			return this;
		}

		public Builder key(@Nullable String key) {
			this.key = key;
			return this;
		}

		public Builder deduplicationId(@Nullable String deduplicationId) {
			this.deduplicationId = deduplicationId;
			return this;
		}

		public Builder sentAt(@Nullable Instant sentAt) {
			this.sentAt = sentAt;
			return this;
		}

		public Builder attributes(Map<String, String> attributes) {
			this.attributes = Objects.requireNonNull(attributes, "attributes");
			return this;
		}

		public Builder deadLetter(@Nullable DeadLetterInfo deadLetter) {
			this.deadLetter = deadLetter;
			return this;
		}

		public InboundMessage build() {
			return new InboundMessage(this.id, this.transportMessageId, this.destination, this.body, this.headers,
					this.key, this.deduplicationId, this.orderingGroup, this.attempt, this.sentAt, this.attributes,
					this.control, this.deadLetter);
		}

	}

}
