package dev.ferry.test.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.transport.Transport;

/**
 * What a transport provides to the contract suite: a fresh transport per test and fresh physical
 * resources per destination, so tests never see each other's messages.
 */
public interface TransportFixture extends AutoCloseable {

	/** The transport under test; the suite closes it at the end of each test. */
	Transport transport();

	/**
	 * Every transport the runtime needs, the one under test first. A publish-only transport (SNS,
	 * EventBridge) adds the transport of its subscription queues, so the suite publishes to one
	 * destination and consumes from another; the suite closes them all at the end of each test.
	 */
	default List<Transport> transports() {
		return List.of(transport());
	}

	/**
	 * Creates a new physical resource and returns a destination for it, configured as the spec says.
	 * @param name logical name to use
	 */
	Destination createDestination(String name, DestinationSpec spec);

	/**
	 * A destination through which the dead letters of {@code source} can be consumed. For a
	 * destination consumed through a subscription queue: the dead letters of its listener with id
	 * {@code listenerId}.
	 */
	default Destination deadLetterDestination(String name, Destination source, String listenerId) {
		return deadLetterDestination(name, source);
	}

	/** A destination through which the dead letters of {@code source} can be consumed. */
	Destination deadLetterDestination(String name, Destination source);

	/**
	 * Shortest retry back-off the transport can honour faithfully (SQS counts visibility in whole
	 * seconds), used as the initial delay of the suite's retry policies.
	 */
	default Duration minimumRetryDelay() {
		return Duration.ofMillis(100);
	}

	/**
	 * A defect of the backend under test (an emulator behaving unlike the AWS documentation, not a
	 * defect of the transport) that makes one case of the suite fail there; the suite skips that case
	 * with this explanation. Every gap must be listed in docs/local-development.md.
	 * @param testName the name of the contract test method
	 */
	default Optional<String> knownBackendGap(String testName) {
		return Optional.empty();
	}

	/** Poll timeout for listeners; short so that stopping is quick. */
	default Duration pollTimeout() {
		return Duration.ofSeconds(1);
	}

	/**
	 * Where this backend departs from the documented behaviour of the service it stands in for: gap
	 * id to what it does instead. The suite skips a case that depends on a listed gap with an
	 * assumption naming it; a real service, or a faithful stand-in, lists none.
	 */
	default Map<String, String> knownGaps() {
		return Map.of();
	}

	@Override
	default void close() throws Exception {
	}

	/**
	 * What a test needs from a destination.
	 * @param ordered whether it must keep order per key (FIFO queue; Kafka topics always do)
	 * @param retry retry policy of its consumers
	 * @param idempotency idempotency settings of its consumers
	 */
	record DestinationSpec(boolean ordered, RetryPolicy retry, IdempotencySettings idempotency) {
	}

}
