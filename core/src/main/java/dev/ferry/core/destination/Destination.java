package dev.ferry.core.destination;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.idempotency.IdempotencySettings;
import org.jspecify.annotations.Nullable;

/**
 * A destination as configured under {@code ferry.destinations.<name>}: the logical name code uses,
 * the transport that carries it, the physical resource (queue name or URL, topic ARN, stream
 * name, Kafka topic) and the policies that apply to its consumers.
 *
 * @param name logical name
 * @param transport transport name ({@code in-memory}, {@code sqs}, {@code kafka}, ...)
 * @param resource physical resource; defaults to the logical name
 * @param retry retry policy for consumers
 * @param deadLetter dead-letter policy for consumers
 * @param idempotency idempotency settings for consumers
 * @param maxMessageBytes overrides the transport's size limit, when set
 * @param properties transport-specific settings (for example {@code fifo}, {@code kms-key-id}), read
 * through {@link PropertyReader} so invalid values name their property
 * @param subscription how the destination is consumed when its transport only publishes (SNS,
 * EventBridge): the queue of each listener id and its filter; ignored by transports that consume
 * themselves
 * @param envelope name of the publishing transport whose envelope the messages read from this
 * destination carry, for a queue that Ferry does not consume through {@code subscription} (an SNS
 * subscription's dead-letter queue, a queue subscribed outside Ferry); null for none
 */
public record Destination(String name, String transport, String resource, RetryPolicy retry,
		DeadLetterPolicy deadLetter, IdempotencySettings idempotency, @Nullable Long maxMessageBytes,
		Map<String, String> properties, SubscriptionSettings subscription, @Nullable String envelope) {

	/**
	 * Property ({@code ferry.destinations.<name>.competing-listeners}) declaring that listeners with
	 * different ids on this destination share its messages on purpose, each message reaching one of
	 * them, instead of each listener id receiving every message.
	 */
	public static final String COMPETING_LISTENERS = "competing-listeners";

	public Destination {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(transport, "transport");
		Objects.requireNonNull(resource, "resource");
		Objects.requireNonNull(retry, "retry");
		Objects.requireNonNull(deadLetter, "deadLetter");
		Objects.requireNonNull(idempotency, "idempotency");
		Objects.requireNonNull(subscription, "subscription");
		properties = Map.copyOf(properties);
		if (maxMessageBytes != null && maxMessageBytes < 1) {
			throw new FerryConfigurationException(
					"ferry.destinations." + name + ".max-message-size must be positive, was " + maxMessageBytes);
		}
	}

	/** A destination consumed directly from its own transport. */
	public Destination(String name, String transport, String resource, RetryPolicy retry, DeadLetterPolicy deadLetter,
			IdempotencySettings idempotency, @Nullable Long maxMessageBytes, Map<String, String> properties) {
		this(name, transport, resource, retry, deadLetter, idempotency, maxMessageBytes, properties,
				SubscriptionSettings.none(), null);
	}

	/** A destination with default policies. */
	public static Destination of(String name, String transport, String resource) {
		return new Destination(name, transport, resource, RetryPolicy.defaults(), DeadLetterPolicy.defaults(),
				IdempotencySettings.defaults(), null, Map.of());
	}

	public Optional<String> property(String key) {
		return Optional.ofNullable(this.properties.get(key));
	}

	/**
	 * A duration from {@link #properties()}, written as Spring Boot writes durations ({@code 30s},
	 * {@code 5m}, {@code PT30S}; see {@link Durations}).
	 * @throws FerryConfigurationException naming {@code ferry.destinations.<name>.properties.<key>}
	 * and echoing the text when it is not such a duration
	 */
	public Optional<Duration> durationProperty(String key) {
		return Optional.ofNullable(PropertyReader.of(this).duration(key));
	}

	public boolean booleanProperty(String key) {
		return Boolean.parseBoolean(this.properties.get(key));
	}

	/** The transport-specific properties as typed, validated values. */
	public PropertyReader settings() {
		return PropertyReader.of(this);
	}

	/** The configuration prefix of this destination, for error messages. */
	public String configPrefix() {
		return "ferry.destinations." + this.name;
	}

	public Destination withRetry(RetryPolicy retry) {
		return new Destination(this.name, this.transport, this.resource, retry, this.deadLetter, this.idempotency,
				this.maxMessageBytes, this.properties, this.subscription, this.envelope);
	}

	public Destination withDeadLetter(DeadLetterPolicy deadLetter) {
		return new Destination(this.name, this.transport, this.resource, this.retry, deadLetter, this.idempotency,
				this.maxMessageBytes, this.properties, this.subscription, this.envelope);
	}

	public Destination withIdempotency(IdempotencySettings idempotency) {
		return new Destination(this.name, this.transport, this.resource, this.retry, this.deadLetter, idempotency,
				this.maxMessageBytes, this.properties, this.subscription, this.envelope);
	}

	public Destination withProperties(Map<String, String> properties) {
		return new Destination(this.name, this.transport, this.resource, this.retry, this.deadLetter,
				this.idempotency, this.maxMessageBytes, properties, this.subscription, this.envelope);
	}

	public Destination withMaxMessageBytes(@Nullable Long maxMessageBytes) {
		return new Destination(this.name, this.transport, this.resource, this.retry, this.deadLetter,
				this.idempotency, maxMessageBytes, this.properties, this.subscription, this.envelope);
	}

	public Destination withSubscription(SubscriptionSettings subscription) {
		return new Destination(this.name, this.transport, this.resource, this.retry, this.deadLetter,
				this.idempotency, this.maxMessageBytes, this.properties, subscription, this.envelope);
	}

	public Destination withEnvelope(@Nullable String envelope) {
		return new Destination(this.name, this.transport, this.resource, this.retry, this.deadLetter,
				this.idempotency, this.maxMessageBytes, this.properties, this.subscription, envelope);
	}

	/**
	 * The same logical destination on another transport and resource, with the same consumer
	 * policies: how a publish-only transport describes a listener's subscription queue.
	 * @param properties the queue transport's properties for the queue
	 * @param envelope the publishing transport whose envelope the queue's messages carry
	 */
	public Destination on(String transport, String resource, Map<String, String> properties, @Nullable String envelope) {
		return new Destination(this.name, transport, resource, this.retry, this.deadLetter, this.idempotency,
				this.maxMessageBytes, properties, SubscriptionSettings.none(), envelope);
	}

}
