package dev.ferry.transport.inmemory;

import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.transport.Backlog;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Subscription;
import dev.ferry.core.transport.Transport;
import dev.ferry.core.transport.TransportCapabilities;
import dev.ferry.core.transport.TransportHealth;
import org.jspecify.annotations.Nullable;

/**
 * A transport held in this JVM with real queue semantics (see {@link InMemoryQueue}): the
 * reference implementation of the transport contract, and the transport for users' tests.
 *
 * <p>Each listener id is a subscriber of its own and receives a copy of every message: the first
 * listener id of a destination reads the destination's queue (and so also what was published before
 * any listener subscribed), every further id gets a queue of its own that receives a copy of each
 * message published from then on. The threads of one listener ({@code concurrency}) share its
 * queue. With {@code competing-listeners=true} every listener id of the destination reads the one
 * queue instead, and they share the work.
 *
 * <p>Destination properties: {@code fifo=true} makes the queue ordered per key with deduplication.
 * A rejected message goes to the dead-letter queue named by the destination's dead-letter policy,
 * by default {@code <resource>-dlq}, carrying a {@link FerryHeaders#DEAD_LETTER} header.
 */
public final class InMemoryTransport implements Transport {

	/** Transport name used in {@code ferry.destinations.<name>.transport}. */
	public static final String NAME = "in-memory";

	private final InMemoryOptions options;

	private final Map<String, InMemoryQueue> queues = new ConcurrentHashMap<>();

	/** Queues by resource, then by listener id; replaced whole on change, so senders read a snapshot. */
	private final Map<String, Map<String, InMemoryQueue>> subscribers = new ConcurrentHashMap<>();

	public InMemoryTransport() {
		this(InMemoryOptions.defaults());
	}

	public InMemoryTransport(InMemoryOptions options) {
		this.options = options;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public TransportCapabilities capabilities(Destination destination) {
		boolean fifo = isFifo(destination);
		return TransportCapabilities.builder()
			.orderedPerKey(fifo)
			.redeliveryDelay(true)
			.publishDelay(true)
			.deduplication(fifo)
			.maxBatchSize(this.options.maxBatchSize())
			.build();
	}

	@Override
	public long maxMessageBytes(Destination destination) {
		return this.options.maxMessageBytes();
	}

	@Override
	public CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages) {
		InMemoryQueue queue = queue(destination);
		List<SendResult> results = new ArrayList<>(messages.size());
		for (EncodedMessage message : messages) {
			if (queue.isFifo() && message.key() == null) {
				results.add(new SendResult.Rejected(message.id(), "MissingKey", "destination '" + destination.name()
						+ "' is FIFO: every message needs a key (its message group)", false, null));
				continue;
			}
			String id = deliver(queue, message, null);
			results.add(new SendResult.Accepted(message.id(), id, Map.of("queue", queue.name())));
		}
		return CompletableFuture.completedFuture(results);
	}

	@Override
	public Subscription subscribe(Destination destination, ReceiveSettings settings, InboundProcessor processor) {
		return new InMemoryReceiver(this, destination, listenerQueue(destination, settings.listenerId()), settings,
				processor);
	}

	/**
	 * The queue a listener id reads: the destination's own queue for its first listener id (and for
	 * every id when the destination declares competing listeners), a queue of its own for each
	 * further id. Created on first use.
	 */
	public synchronized InMemoryQueue listenerQueue(Destination destination, String listenerId) {
		InMemoryQueue shared = queue(destination);
		Map<String, InMemoryQueue> current = this.subscribers.getOrDefault(shared.name(), Map.of());
		InMemoryQueue existing = current.get(listenerId);
		if (existing != null) {
			return existing;
		}
		boolean ownQueue = !current.isEmpty() && !destination.booleanProperty(Destination.COMPETING_LISTENERS);
		InMemoryQueue queue = ownQueue ? new InMemoryQueue(shared.name() + "#" + listenerId, shared.isFifo()) : shared;
		Map<String, InMemoryQueue> updated = new LinkedHashMap<>(current);
		updated.put(listenerId, queue);
		this.subscribers.put(shared.name(), Collections.unmodifiableMap(updated));
		return queue;
	}

	/** Every queue of the destination: its own and those of its further listener ids. */
	public List<InMemoryQueue> queues(Destination destination) {
		InMemoryQueue shared = queue(destination);
		return targets(shared);
	}

	@Override
	public TransportHealth health(Duration timeout) {
		return TransportHealth.up(Map.of("queues", this.queues.size()));
	}

	@Override
	public Optional<Backlog> backlog(Destination destination) {
		return Optional.of(counts(queue(destination)));
	}

	@Override
	public Optional<Backlog> deadLetterBacklog(Destination destination) {
		return destination.deadLetter().enabled() ? Optional.of(counts(deadLetterQueue(destination))) : Optional.empty();
	}

	private static Backlog counts(InMemoryQueue queue) {
		int inFlight = queue.inFlight();
		// Delayed messages are counted as visible: the in-memory queue does not tell them apart.
		return Backlog.of(Math.max(queue.size() - inFlight, 0), inFlight, -1);
	}

	/** The queue behind a destination (created on first use). */
	public InMemoryQueue queue(Destination destination) {
		return this.queues.computeIfAbsent(destination.resource(), name -> new InMemoryQueue(name, isFifo(destination)));
	}

	/** The dead-letter queue of a destination (created on first use). */
	public InMemoryQueue deadLetterQueue(Destination destination) {
		String name = deadLetterResource(destination);
		return this.queues.computeIfAbsent(name, queueName -> new InMemoryQueue(queueName, false));
	}

	/** Name of the dead-letter queue of a destination. */
	public static String deadLetterResource(Destination destination) {
		return destination.deadLetter().resource() != null ? destination.deadLetter().resource()
				: destination.resource() + "-dlq";
	}

	void deadLetter(Destination destination, InMemoryQueue source, InMemoryQueue.Received received,
			Outcome.Reject reject, Instant now) {
		DeadLetterInfo info = reject.toDeadLetterInfo(source.name(),
				received.message().headers().get(FerryHeaders.MESSAGE_ID).orElse(received.id()),
				received.receiveCount(), now, Map.of());
		EncodedMessage original = received.message();
		EncodedMessage dead = new EncodedMessage(original.id(), original.body(),
				original.headers().with(FerryHeaders.DEAD_LETTER, DeadLetterCodec.encode(info)), original.key(), null,
				java.time.Duration.ZERO);
		// Enqueue first, then delete: a crash in between duplicates rather than loses.
		deliver(deadLetterQueue(destination), dead, received.sentAt());
		source.delete(received.id(), received.token());
	}

	/** Enqueues a copy in each listener queue behind {@code queue}; returns the id in the first. */
	private String deliver(InMemoryQueue queue, EncodedMessage message, @Nullable Instant sentAt) {
		String id = null;
		for (InMemoryQueue target : targets(queue)) {
			String queued = target.enqueue(message, sentAt);
			if (id == null) {
				id = queued;
			}
		}
		return id;
	}

	private List<InMemoryQueue> targets(InMemoryQueue queue) {
		Map<String, InMemoryQueue> listeners = this.subscribers.get(queue.name());
		if (listeners == null) {
			return List.of(queue);
		}
		Set<InMemoryQueue> distinct = new LinkedHashSet<>();
		distinct.add(queue);
		distinct.addAll(listeners.values());
		return List.copyOf(distinct);
	}

	private static boolean isFifo(Destination destination) {
		return destination.booleanProperty("fifo") || destination.resource().endsWith(".fifo");
	}

}
