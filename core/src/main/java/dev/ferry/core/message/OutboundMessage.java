package dev.ferry.core.message;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.ferry.core.FerryConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * A message to publish: a logical destination (a name under {@code ferry.destinations}), a
 * payload converted by the configured converter, headers, and the optional delivery hints
 * transports understand. Immutable; build it with {@link #to(String)}.
 *
 * <ul>
 * <li>{@code key}: ordering/partition key (SQS FIFO MessageGroupId, Kafka record key, Kinesis
 * partition key). Messages with the same key keep their order on ordered transports.</li>
 * <li>{@code deduplicationId}: lets the transport (SQS FIFO) and Ferry's idempotency gate treat
 * two publishes as one message.</li>
 * <li>{@code delay}: earliest delivery, where the transport supports it.</li>
 * </ul>
 */
public final class OutboundMessage {

	private final String id;

	private final String destination;

	private final Object payload;

	private final Headers headers;

	private final @Nullable String key;

	private final @Nullable String deduplicationId;

	private final Duration delay;

	private OutboundMessage(Builder builder) {
		this.id = builder.id != null ? builder.id : newId();
		this.destination = requireText(builder.destination, "destination");
		this.payload = Objects.requireNonNull(builder.payload, "payload must not be null");
		this.headers = Headers.of(builder.headers);
		this.key = builder.key;
		this.deduplicationId = builder.deduplicationId;
		this.delay = builder.delay;
		for (String name : this.headers.names()) {
			if (FerryHeaders.RESERVED.contains(name)) {
				throw new FerryConfigurationException("Header '" + name + "' is reserved by Ferry; use another name");
			}
		}
		if (this.delay.isNegative()) {
			throw new FerryConfigurationException("delay must not be negative: " + this.delay);
		}
	}

	/**
	 * A random (version 4) UUID. Message ids must be unique, not unguessable, so this draws from
	 * {@link ThreadLocalRandom} instead of {@link UUID#randomUUID()}'s SecureRandom, which costs
	 * more than the rest of publishing a message.
	 */
	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(most, least).toString();
	}

	/** Starts a message for the logical destination {@code ferry.destinations.<destination>}. */
	public static Builder to(String destination) {
		return new Builder(destination);
	}

	public static OutboundMessage of(String destination, Object payload) {
		return to(destination).payload(payload).build();
	}

	private static String requireText(@Nullable String value, String what) {
		if (value == null || value.isBlank()) {
			throw new FerryConfigurationException(what + " must not be empty");
		}
		return value;
	}

	/** Ferry's id for this message; unique unless set explicitly. */
	public String id() {
		return this.id;
	}

	public String destination() {
		return this.destination;
	}

	public Object payload() {
		return this.payload;
	}

	public Headers headers() {
		return this.headers;
	}

	public @Nullable String key() {
		return this.key;
	}

	public @Nullable String deduplicationId() {
		return this.deduplicationId;
	}

	public Duration delay() {
		return this.delay;
	}

	public Builder toBuilder() {
		Builder builder = new Builder(this.destination).id(this.id).payload(this.payload).key(this.key)
			.deduplicationId(this.deduplicationId).delay(this.delay);
		builder.headers.putAll(this.headers.asMap());
		return builder;
	}

	@Override
	public String toString() {
		return "OutboundMessage[" + this.destination + "#" + this.id + "]";
	}

	/** Builder for {@link OutboundMessage}; not thread-safe. */
	public static final class Builder {

		private final String destination;

		private @Nullable String id;

		private @Nullable Object payload;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private @Nullable String key;

		private @Nullable String deduplicationId;

		private Duration delay = Duration.ZERO;

		private Builder(String destination) {
			this.destination = destination;
		}

		/** Sets Ferry's message id (defaults to a random UUID). */
		public Builder id(@Nullable String id) {
			this.id = id;
			return this;
		}

		public Builder payload(Object payload) {
			this.payload = payload;
			return this;
		}

		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		public Builder headers(Map<String, String> headers) {
			this.headers.putAll(headers);
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

		public Builder delay(Duration delay) {
			this.delay = Objects.requireNonNull(delay, "delay");
			return this;
		}

		public OutboundMessage build() {
			return new OutboundMessage(this);
		}

	}

}
