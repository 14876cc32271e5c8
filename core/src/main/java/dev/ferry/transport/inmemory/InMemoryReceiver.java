package dev.ferry.transport.inmemory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls an {@link InMemoryQueue} with {@code concurrency} threads, hands batches to the pipeline and
 * applies the outcomes: delete, change visibility, or move to the dead-letter queue.
 */
final class InMemoryReceiver implements Subscription {

	private static final Logger logger = LoggerFactory.getLogger(InMemoryReceiver.class);

	private final InMemoryTransport transport;

	private final Destination destination;

	private final InMemoryQueue queue;

	private final ReceiveSettings settings;

	private final InboundProcessor processor;

	private final Set<InMemoryQueue.Received> inFlight = ConcurrentHashMap.newKeySet();

	private final List<Thread> workers = new ArrayList<>();

	private volatile boolean running;

	InMemoryReceiver(InMemoryTransport transport, Destination destination, InMemoryQueue queue,
			ReceiveSettings settings, InboundProcessor processor) {
		this.transport = transport;
		this.destination = destination;
		this.queue = queue;
		this.settings = settings;
		this.processor = processor;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.workers.clear();
		for (int i = 0; i < this.settings.concurrency(); i++) {
			Thread worker = new Thread(this::poll, "ferry-" + this.settings.listenerId() + "-" + i);
			worker.setDaemon(true);
			this.workers.add(worker);
			worker.start();
		}
	}

	private void poll() {
		// Short polls so a stop is noticed quickly; the queue wakes us as soon as a message arrives.
		Duration wait = this.settings.pollTimeout().compareTo(Duration.ofMillis(200)) < 0 ? this.settings.pollTimeout()
				: Duration.ofMillis(200);
		while (this.running) {
			List<InMemoryQueue.Received> batch;
			try {
				batch = this.queue.receive(this.settings.batch() ? this.settings.maxBatchSize() : 1, wait,
						this.settings.processingTimeout());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (batch.isEmpty()) {
				continue;
			}
			this.inFlight.addAll(batch);
			try {
				List<Outcome> outcomes = this.settings.decoding()
					.process(batch.stream().map(this::toInbound).toList(), this.processor)
					.outcomes();
				for (int i = 0; i < batch.size(); i++) {
					apply(batch.get(i), outcomes.get(i));
				}
			}
			finally {
				batch.forEach(this.inFlight::remove);
			}
		}
	}

	private InboundMessage toInbound(InMemoryQueue.Received received) {
		var message = received.message();
		String id = message.headers().get(FerryHeaders.MESSAGE_ID).orElse(received.id());
		String deduplicationId = message.deduplicationId() != null ? message.deduplicationId()
				: message.headers().getOrNull(FerryHeaders.DEDUPLICATION_ID);
		return new InboundMessage(id, received.id(), this.destination.name(), message.body(), message.headers(),
				message.key(), deduplicationId, this.queue.isFifo() ? message.key() : null, received.receiveCount(),
				received.sentAt(), Map.of("queue", this.queue.name(), "receiveCount", String.valueOf(received.receiveCount())),
				extension -> this.queue.changeVisibility(received.id(), received.token(), extension),
				DeadLetterCodec.decode(message.headers().getOrNull(FerryHeaders.DEAD_LETTER)));
	}

	private void apply(InMemoryQueue.Received received, Outcome outcome) {
		if (outcome instanceof Outcome.Ack) {
			this.queue.delete(received.id(), received.token());
		}
		else if (outcome instanceof Outcome.Retry retry) {
			this.queue.changeVisibility(received.id(), received.token(), retry.delay());
		}
		else if (outcome instanceof Outcome.Reject reject) {
			if (this.destination.deadLetter().enabled()) {
				this.transport.deadLetter(this.destination, this.queue, received, reject, Instant.now());
			}
			else {
				// No dead-letter path configured: never drop, redeliver after the longest back-off.
				logger.warn("in-memory/{}#{} rejected but dead-lettering is disabled; it will be redelivered",
						this.destination.name(), received.id());
				this.queue.changeVisibility(received.id(), received.token(), this.destination.retry().maxDelay());
			}
		}
	}

	@Override
	public void stop(Duration timeout) {
		List<Thread> stopping;
		synchronized (this) {
			if (!this.running) {
				return;
			}
			this.running = false;
			stopping = List.copyOf(this.workers);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Thread worker : stopping) {
			try {
				worker.join(Math.max(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		// Whatever is still being handled goes back to the queue at once: nothing is lost, and a
		// late outcome of the old delivery is ignored because its receipt token is stale.
		for (InMemoryQueue.Received received : List.copyOf(this.inFlight)) {
			if (this.queue.changeVisibility(received.id(), received.token(), Duration.ZERO)) {
				logger.info("in-memory/{}#{} released at shutdown", this.destination.name(), received.id());
			}
		}
		stopping.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
