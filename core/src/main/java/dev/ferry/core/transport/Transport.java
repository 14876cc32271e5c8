package dev.ferry.core.transport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.HardeningInspector;

/**
 * A way to carry messages: the SPI every adapter implements (in-memory, SQS, SNS, EventBridge,
 * Kinesis, Kafka). The engine stays transport-neutral: it converts, gates, invokes handlers and
 * decides an {@link dev.ferry.core.consume.Outcome}; the transport maps that outcome to its native
 * mechanism (delete / change visibility / send to DLQ; commit / seek / dead-letter topic; ...).
 *
 * <p>Implementations are thread-safe.
 */
public interface Transport extends AutoCloseable {

	/** Name used in {@code ferry.destinations.<name>.transport} ({@code sqs}, {@code kafka}, ...). */
	String name();

	/** What this transport can do for the given destination (a FIFO queue orders, a standard one not). */
	TransportCapabilities capabilities(Destination destination);

	/**
	 * Checks that the resource behind the destination exists and is usable, creating it with
	 * hardened defaults when {@code provision} is true. Called once at start-up per destination.
	 * @throws dev.ferry.core.FerryConfigurationException naming the destination and the fix when the
	 * resource is missing and may not be created
	 */
	default void prepare(Destination destination, boolean provision) {
	}

	/**
	 * Whether listeners with different ids on this destination would share its messages, each
	 * message reaching only one of them (a plain queue), instead of each listener id receiving every
	 * message (its own copy, consumer group, application or subscription queue). The engine refuses a
	 * second listener id on such a destination unless it declares
	 * {@value Destination#COMPETING_LISTENERS}. False by default: a transport that fans out says so
	 * by doing it.
	 */
	default boolean listenersShareMessages(Destination destination) {
		return false;
	}

	/** Largest encoded message the destination accepts, in bytes. */
	long maxMessageBytes(Destination destination);

	/**
	 * Whether one {@code publishAll} to {@code destination} may be handed to {@link #send} in
	 * consecutive parts, each as soon as it is converted, so that the transport sends the first part
	 * while the engine still converts the rest. Only for a transport that keeps the order of messages
	 * across consecutive calls from one thread as it keeps it within one call. False by default: the
	 * whole group is handed over in one call.
	 */
	default boolean acceptsSendsInParts(Destination destination) {
		return false;
	}

	/** Size of the message as the transport counts it against {@link #maxMessageBytes}. */
	default long sizeOf(EncodedMessage message) {
		return message.sizeInBytes();
	}

	/**
	 * Sends messages, batching on the wire where the service allows. The future completes with
	 * exactly one result per message, in order; it completes exceptionally only when the transport
	 * could not even attempt the send (then every message counts as rejected).
	 */
	CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages);

	/**
	 * Creates a (not yet started) subscription that delivers messages of the destination to the
	 * processor and applies the outcomes it returns.
	 */
	Subscription subscribe(Destination destination, ReceiveSettings settings, InboundProcessor processor);

	/** Inspectors that check this transport's real resources at start-up. */
	default List<HardeningInspector> inspectors() {
		return List.of();
	}

	/**
	 * Asks the backend something cheap (SQS: list one queue; Kafka: describe the cluster) and
	 * answers within {@code timeout}: {@code DOWN} when it failed or took longer. Health indicators
	 * call this; it must never throw.
	 */
	default TransportHealth health(Duration timeout) {
		return TransportHealth.unknown();
	}

	/**
	 * How many messages wait in the destination's resource, or empty when the transport cannot tell.
	 * Called on an interval by the backlog gauges (never per message); may block up to a few seconds.
	 */
	default Optional<Backlog> backlog(Destination destination) {
		return Optional.empty();
	}

	/**
	 * How many messages wait in the destination's dead-letter resource (SQS dead-letter queue,
	 * Kafka dead-letter topic), or empty when there is none or the transport cannot tell.
	 */
	default Optional<Backlog> deadLetterBacklog(Destination destination) {
		return Optional.empty();
	}

	/** Releases clients and threads. Subscriptions are stopped before this is called. */
	@Override
	default void close() {
	}

}
