package dev.ferry.transport.sqs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.InboundDecoding;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.Subscription;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Receives from one queue with long polling on {@link SqsAsyncClient}, hands messages to Ferry's
 * pipeline and applies the outcomes through {@link SqsAcknowledger}.
 *
 * <ul>
 * <li>Batch listeners: {@code concurrency} polling loops, each handing its whole receive to the
 * pipeline.</li>
 * <li>Single-message listeners: one polling loop that receives only as many messages as there are
 * free workers (back-pressure) and hands each message, or on a FIFO queue each message group's
 * messages in order, to one of {@code concurrency} workers.</li>
 * </ul>
 *
 * <p>Why not Spring Cloud AWS's {@code SqsMessageListenerContainer}: its acknowledgement model knows
 * "delete" and "do nothing" (let visibility expire). Ferry's outcomes need three per-message actions
 * in one batch (delete, change visibility to a computed delay, send to the DLQ with the reason then
 * delete), a visibility extension driven by Ferry's heartbeat for exactly the messages still in
 * progress, and a stop that makes unfinished messages visible again at once. Expressing that on the
 * container means disabling its acknowledgement, its error handling and its visibility handling,
 * which leaves only the receive call: that is what this class does, in one readable loop. It also
 * avoids the container's known pitfalls (visibility extension broken with observation on, duplicate
 * receipts in one batch breaking batch acknowledgement).
 */
final class SqsReceiver implements Subscription {

	private static final Logger log = LoggerFactory.getLogger(SqsReceiver.class);

	private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

	/** What a subscription needs from SQS; resolved on the first start, after the destination was prepared. */
	record Binding(SqsQueue queue, SqsAcknowledger acknowledger, @Nullable Duration receiveVisibility) {
	}

	private final SqsAsyncClient client;

	private final Destination destination;

	private final ReceiveSettings settings;

	private final InboundProcessor processor;

	private final Supplier<Binding> binder;

	/** How long a poll waits for more free workers once one is free ({@code ferry.sqs.receive.fill-wait}). */
	private final Duration fillWait;

	private final String reference;

	private final Set<Message> inFlight = ConcurrentHashMap.newKeySet();

	private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

	/** Whether the stop in progress aborts receives on the wire (shutdown) or lets them end (pause). */
	private volatile boolean abortReceives = true;

	/** Receive calls on the wire now, cancelled by {@link #stop} so a long poll does not hold it up. */
	private final Set<CompletableFuture<ReceiveMessageResponse>> receiving = ConcurrentHashMap.newKeySet();

	private final List<Thread> pollers = new ArrayList<>();

	private @Nullable Binding binding;

	private @Nullable ExecutorService workers;

	private @Nullable Semaphore permits;

	private volatile boolean running;

	SqsReceiver(SqsAsyncClient client, Destination destination, ReceiveSettings settings, InboundProcessor processor,
			Supplier<Binding> binder) {
		this(client, destination, settings, processor, binder, SqsOptions.DEFAULT_RECEIVE_FILL_WAIT);
	}

	SqsReceiver(SqsAsyncClient client, Destination destination, ReceiveSettings settings, InboundProcessor processor,
			Supplier<Binding> binder, Duration fillWait) {
		this.client = client;
		this.fillWait = fillWait;
		this.destination = destination;
		this.settings = settings;
		this.processor = processor;
		this.binder = binder;
		this.reference = "sqs/" + destination.name();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		if (this.binding == null) {
			this.binding = this.binder.get();
		}
		this.running = true;
		this.pollers.clear();
		int loops = this.settings.batch() ? this.settings.concurrency() : 1;
		if (!this.settings.batch()) {
			AtomicInteger count = new AtomicInteger();
			this.permits = new Semaphore(this.settings.concurrency());
			this.workers = Executors.newFixedThreadPool(this.settings.concurrency(), runnable -> {
				Thread thread = new Thread(runnable, "ferry-sqs-" + this.settings.listenerId() + "-worker-" + count.getAndIncrement());
				thread.setDaemon(true);
				return thread;
			});
		}
		for (int i = 0; i < loops; i++) {
			Thread poller = new Thread(this::pollLoop, "ferry-sqs-" + this.settings.listenerId() + "-poll-" + i);
			poller.setDaemon(true);
			this.pollers.add(poller);
			poller.start();
		}
		log.debug("Started {} polling loop(s) on {}", loops, this.reference);
	}

	@Override
	public synchronized void stop(Duration timeout) {
		stop(timeout, true);
	}

	/**
	 * Waits for the receive on the wire to end instead of aborting it: an aborted long poll may still
	 * take a message on SQS's side, which then stays invisible until its visibility timeout ends —
	 * fine on shutdown, not when an operator pauses a listener and expects its messages to wait
	 * visibly. What the receive returns after the pause is handed back at once.
	 */
	@Override
	public synchronized void pause(Duration timeout) {
		stop(timeout, false);
	}

	private void stop(Duration timeout, boolean abortReceives) {
		if (!this.running) {
			return;
		}
		this.abortReceives = abortReceives;
		this.running = false;
		if (abortReceives) {
			this.receiving.forEach(receive -> receive.cancel(true));
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			for (Thread poller : this.pollers) {
				poller.join(Math.max(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 1));
			}
			if (this.workers != null) {
				this.workers.shutdown();
				this.workers.awaitTermination(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		bound().acknowledger().flush();
		// handled messages leave the in-flight set once their delete was answered: wait for that, or a
		// delete still on the wire would be taken for an unfinished message and released as well
		awaitPending(deadline);
		List<Message> unfinished = new ArrayList<>(this.inFlight);
		if (!unfinished.isEmpty()) {
			log.info("Releasing {} unfinished message(s) of {} on stop", unfinished.size(), this.reference);
			bound().acknowledger().release(unfinished).join();
		}
		awaitPending(deadline);
		if (this.workers != null) {
			this.workers.shutdownNow();
		}
		this.pollers.forEach(Thread::interrupt);
	}

	private void awaitPending(long deadline) {
		for (CompletableFuture<?> future : List.copyOf(this.pending)) {
			try {
				future.get(Math.max(deadline - System.nanoTime(), 0) + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
			}
			catch (Exception ex) {
				log.debug("Pending acknowledgement of {} did not finish in time", this.reference);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private Binding bound() {
		Binding current = this.binding;
		if (current == null) {
			throw new IllegalStateException("subscription of " + this.reference + " was never started");
		}
		return current;
	}

	private void pollLoop() {
		Semaphore free = this.permits;
		while (this.running) {
			int wanted = Math.min(this.settings.maxBatchSize(), SqsLimits.MAX_RECEIVE_MESSAGES);
			if (free != null) {
				// never more than there are workers: waiting for permits that do not exist only adds latency
				wanted = Math.min(wanted, this.settings.concurrency());
				wanted = acquire(free, wanted);
				if (wanted == 0) {
					continue;
				}
			}
			List<Message> messages;
			try {
				messages = receive(wanted);
			}
			catch (RuntimeException ex) {
				messages = List.of();
				if (this.running) {
					log.warn("Receiving from {} failed; retrying in {}", this.reference, ERROR_BACKOFF, SqsQueues.unwrap(ex));
					LockSupport.parkNanos(ERROR_BACKOFF.toNanos());
				}
			}
			this.inFlight.addAll(messages);
			if (!this.running && !messages.isEmpty()) {
				// received after stop was asked: hand them back untouched
				List<Message> received = messages;
				track(bound().acknowledger().release(received).whenComplete((ok, error) -> received.forEach(this.inFlight::remove)));
				messages = List.of();
			}
			if (free == null) {
				if (!messages.isEmpty()) {
					process(messages);
				}
				continue;
			}
			List<List<Message>> units = units(messages);
			free.release(wanted - units.size());
			for (List<Message> unit : units) {
				dispatch(unit, free);
			}
		}
	}

	/**
	 * Blocks for one free worker (checking for stop), then takes more: while workers keep finishing
	 * within half the fill wait of each other, up to the whole fill wait, so that one receive fetches
	 * a message for each of them instead of one receive per finished worker. A worker busy with a slow
	 * message holds the receive up by half the fill wait at most; workers already free never wait.
	 */
	private int acquire(Semaphore free, int max) {
		int taken = 0;
		try {
			if (!free.tryAcquire(200, TimeUnit.MILLISECONDS)) {
				return 0;
			}
			taken = 1;
			long now = System.nanoTime();
			long deadline = now + this.fillWait.toNanos();
			long gap = this.fillWait.toNanos() / 2;
			while (taken < max) {
				long wait = Math.min(gap, deadline - now);
				if (wait <= 0 ? !free.tryAcquire() : !free.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
					break;
				}
				taken++;
				now = System.nanoTime();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return taken;
	}

	/** One unit per message; on FIFO queues one per message group, in receive order. */
	private List<List<Message>> units(List<Message> messages) {
		if (!bound().queue().fifo()) {
			return messages.stream().map(List::of).toList();
		}
		Map<String, List<Message>> groups = new LinkedHashMap<>();
		for (Message message : messages) {
			String group = message.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, "");
			groups.computeIfAbsent(group, key -> new ArrayList<>()).add(message);
		}
		return new ArrayList<>(groups.values());
	}

	private void dispatch(List<Message> unit, Semaphore free) {
		ExecutorService pool = this.workers;
		try {
			pool.execute(() -> {
				try {
					process(unit);
				}
				finally {
					free.release();
				}
			});
		}
		catch (RuntimeException rejected) {
			free.release();
			track(bound().acknowledger().release(unit).whenComplete((ok, error) -> unit.forEach(this.inFlight::remove)));
		}
	}

	private List<Message> receive(int max) {
		ReceiveMessageRequest.Builder request = ReceiveMessageRequest.builder()
			.queueUrl(bound().queue().url())
			.maxNumberOfMessages(max)
			.waitTimeSeconds(waitSeconds(this.settings.pollTimeout()))
			.messageSystemAttributeNames(SqsHeaders.SYSTEM_ATTRIBUTES)
			.messageAttributeNames("All");
		Duration visibility = bound().receiveVisibility();
		if (visibility != null) {
			request.visibilityTimeout(SqsAcknowledger.visibilitySeconds(visibility));
		}
		CompletableFuture<ReceiveMessageResponse> future = this.client.receiveMessage(request.build());
		this.receiving.add(future);
		if (!this.running && this.abortReceives) {
			// stop() ran between the loop's check and this call: do not hold it up either
			future.cancel(true);
		}
		try {
			// Waits at most pollTimeout, unless stop() cancels the call: then SQS's long poll is aborted, so
			// stopping takes no longer than the work in hand. A message SQS had already handed to the aborted
			// call is not lost: it becomes visible again when its visibility timeout ends.
			return future.get().messages();
		}
		catch (java.util.concurrent.CancellationException ex) {
			return List.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			// stop() gave up waiting: whatever this call still returns goes straight back to the queue
			future.thenAccept(response -> track(bound().acknowledger().release(response.messages())));
			return List.of();
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (!this.running) {
				return List.of();
			}
			throw new java.util.concurrent.CompletionException(ex.getCause());
		}
		finally {
			this.receiving.remove(future);
		}
	}

	private void process(List<Message> messages) {
		List<InboundMessage> inbound = new ArrayList<>(messages.size());
		for (Message message : messages) {
			inbound.add(toInbound(message));
		}
		List<Outcome> outcomes;
		try {
			// the decoded messages carry the ids published, which dead-lettering reports
			InboundDecoding.Processed processed = this.settings.decoding().process(inbound, this.processor);
			inbound = processed.messages();
			outcomes = processed.outcomes();
		}
		catch (RuntimeException ex) {
			log.error("Ferry's pipeline failed on a batch of {}; retrying it in {}", this.reference, ERROR_BACKOFF, ex);
			outcomes = null;
		}
		if (outcomes != null && outcomes.size() != messages.size()) {
			log.error("Pipeline returned {} outcomes for {} messages of {}; retrying them", outcomes.size(),
					messages.size(), this.reference);
			outcomes = null;
		}
		List<SqsAcknowledger.Decided> decided = new ArrayList<>(messages.size());
		for (int i = 0; i < messages.size(); i++) {
			// a pipeline failure is retried after a pause rather than at once, so it cannot spin; the queue's
			// redrive policy still catches a message that keeps failing
			Outcome outcome = outcomes != null ? outcomes.get(i) : Outcome.retry(ERROR_BACKOFF, null);
			decided.add(new SqsAcknowledger.Decided(messages.get(i), inbound.get(i).id(), inbound.get(i).attempt(), outcome));
		}
		track(bound().acknowledger().apply(decided).whenComplete((ok, error) -> messages.forEach(this.inFlight::remove)));
	}

	private void track(CompletableFuture<?> future) {
		this.pending.add(future);
		future.whenComplete((ok, error) -> this.pending.remove(future));
	}

	InboundMessage toInbound(Message message) {
		Map<MessageSystemAttributeName, String> system = message.attributes();
		Map<String, String> headers = SqsHeaders.fromAttributes(message.messageAttributes());
		String id = headers.getOrDefault(FerryHeaders.MESSAGE_ID, message.messageId());
		DeadLetterInfo deadLetter = SqsDeadLetters.read(message, headers, id);
		String trace = system.get(MessageSystemAttributeName.AWS_TRACE_HEADER);
		if (trace != null) {
			headers.put(SqsHeaders.AWS_TRACE_HEADER, trace);
		}
		Map<String, String> attributes = new LinkedHashMap<>();
		system.forEach((name, value) -> attributes.put(name.toString(), value));
		attributes.put("MessageId", message.messageId());
		attributes.put("QueueUrl", bound().queue().url());
		String group = system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
		String dedup = system.get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID);
		if (dedup == null) {
			dedup = headers.get(FerryHeaders.DEDUPLICATION_ID);
		}
		String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
		return new InboundMessage(id, message.messageId(), this.destination.name(),
				message.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), Headers.of(headers), group, dedup,
				bound().queue().fifo() ? group : null, receiveCount(system), sent != null ? parseInstant(sent) : null,
				attributes, extension -> track(bound().acknowledger().changeVisibility(message, extension)), deadLetter);
	}

	private static int receiveCount(Map<MessageSystemAttributeName, String> system) {
		try {
			return Math.max(1, Integer.parseInt(system.getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")));
		}
		catch (NumberFormatException ex) {
			return 1;
		}
	}

	private static @Nullable Instant parseInstant(String epochMillis) {
		try {
			return Instant.ofEpochMilli(Long.parseLong(epochMillis));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** Poll timeout in whole seconds, within SQS's 0-20 s. */
	static int waitSeconds(Duration pollTimeout) {
		long seconds = (pollTimeout.toMillis() + 999) / 1000;
		return (int) Math.min(Math.max(seconds, 0), SqsLimits.MAX_WAIT_TIME.toSeconds());
	}

}
