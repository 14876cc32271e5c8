package dev.ferry.test.inmemory;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.DestinationRegistry;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.transport.inmemory.InMemoryQueue;
import dev.ferry.transport.inmemory.InMemoryTransport;

/**
 * Looks into the queues behind in-memory destinations, by logical name, for tests:
 *
 * <pre>{@code
 * InMemoryDestinations destinations = InMemoryDestinations.of(ferry);
 * publisher.publish("orders", poisonOrder);
 * destinations.awaitDeadLetters("orders", 1);
 * assertThat(destinations.deadLetters("orders")).singleElement()
 *     .extracting(DeadLetterInfo::errorCode).isEqualTo(DeadLetterInfo.NON_RETRYABLE);
 * }</pre>
 */
public final class InMemoryDestinations {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final InMemoryTransport transport;

	private final DestinationRegistry destinations;

	public InMemoryDestinations(InMemoryTransport transport, DestinationRegistry destinations) {
		this.transport = transport;
		this.destinations = destinations;
	}

	/** For the in-memory transport of a Ferry runtime. */
	public static InMemoryDestinations of(Ferry ferry) {
		InMemoryTransport transport = ferry.transports().stream()
			.filter(InMemoryTransport.class::isInstance)
			.map(InMemoryTransport.class::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("This Ferry runtime has no in-memory transport"));
		return new InMemoryDestinations(transport, ferry.destinations());
	}

	/**
	 * Messages waiting in (or being processed from) the destination's queue: the one its first
	 * listener id reads, which also keeps what was published before any listener subscribed.
	 */
	public List<InMemoryQueue.Snapshot> messages(String destination) {
		return this.transport.queue(inMemory(destination)).snapshot();
	}

	/** What is known about each message in the destination's dead-letter queue, oldest first. */
	public List<DeadLetterInfo> deadLetters(String destination) {
		return this.transport.deadLetterQueue(inMemory(destination)).snapshot().stream()
			.map(snapshot -> DeadLetterCodec.decode(snapshot.headers().getOrNull(FerryHeaders.DEAD_LETTER)))
			.filter(Objects::nonNull)
			.toList();
	}

	/**
	 * Waits until the destination's queues are empty (its own and those of its further listener ids):
	 * everything was acknowledged or dead-lettered by every listener.
	 */
	public void awaitDrained(String destination) {
		Destination inMemory = inMemory(destination);
		await().atMost(DEFAULT_TIMEOUT)
			.alias(destination + " drained")
			.until(() -> this.transport.queues(inMemory).stream().allMatch(queue -> queue.size() == 0));
	}

	/** Waits until the destination's dead-letter queue holds at least {@code count} messages. */
	public void awaitDeadLetters(String destination, int count) {
		InMemoryQueue queue = this.transport.deadLetterQueue(inMemory(destination));
		await().atMost(DEFAULT_TIMEOUT).alias(count + " dead letters of " + destination).until(() -> queue.size() >= count);
	}

	private Destination inMemory(String name) {
		Destination destination = this.destinations.get(name);
		if (!destination.transport().equals(InMemoryTransport.NAME)) {
			throw new IllegalArgumentException("Destination '" + name + "' uses transport '" + destination.transport()
					+ "', not " + InMemoryTransport.NAME);
		}
		return destination;
	}

}
