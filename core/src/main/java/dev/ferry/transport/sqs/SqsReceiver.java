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
import java.util.concurrent.locks.LockSupport;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
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
 * Receives from one queue with {@code settings.concurrency()} long-polling loops on
 * {@link SqsAsyncClient}, hands each receive to Ferry's pipeline and applies the outcomes through
 * {@link SqsAcknowledger}.
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

	private final SqsAsyncClient client;

	private final Destination destination;

	private final SqsQueue queue;

	private final ReceiveSettings settings;

	private final InboundProcessor processor;

	private final SqsAcknowledger acknowledger;

	private final @Nullable Duration receiveVisibility;

	private final String reference;

	private final Set<Message> inFlight = ConcurrentHashMap.newKeySet();

	private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

	private final List<Thread> workers = new ArrayList<>();

	private volatile boolean running;

	SqsReceiver(SqsAsyncClient client, Destination destination, SqsQueue queue, ReceiveSettings settings,
			InboundProcessor processor, SqsAcknowledger acknowledger, @Nullable Duration receiveVisibility) {
		this.client = client;
		this.destination = destination;
		this.queue = queue;
		this.settings = settings;
		this.processor = processor;
		this.acknowledger = acknowledger;
		this.receiveVisibility = receiveVisibility;
		this.reference = "sqs/" + destination.name();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.workers.clear();
		for (int i = 0; i < this.settings.concurrency(); i++) {
			Thread worker = new Thread(this::pollLoop, "ferry-sqs-" + this.settings.listenerId() + "-" + i);
			worker.setDaemon(true);
			this.workers.add(worker);
			worker.start();
		}
		log.debug("Started {} receiving loop(s) on {}", this.workers.size(), this.reference);
	}

	@Override
	public synchronized void stop(Duration timeout) {
		if (!this.running) {
			return;
		}
		this.running = false;
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Thread worker : this.workers) {
			long left = Math.max(deadline - System.nanoTime(), 0);
			try {
				worker.join(Math.max(TimeUnit.NANOSECONDS.toMillis(left), 1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		List<Message> unfinished = new ArrayList<>(this.inFlight);
		if (!unfinished.isEmpty()) {
			log.info("Releasing {} unfinished message(s) of {} on stop", unfinished.size(), this.reference);
			this.acknowledger.release(unfinished).join();
		}
		for (CompletableFuture<?> future : List.copyOf(this.pending)) {
			try {
				future.get(Math.max(deadline - System.nanoTime(), 0) + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
			}
			catch (Exception ex) {
				log.debug("Pending acknowledgement of {} did not finish in time", this.reference);
			}
		}
		for (Thread worker : this.workers) {
			worker.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void pollLoop() {
		while (this.running) {
			List<Message> messages;
			try {
				messages = receive();
			}
			catch (RuntimeException ex) {
				if (this.running) {
					log.warn("Receiving from {} failed; retrying in {}", this.reference, ERROR_BACKOFF, SqsQueues.unwrap(ex));
					LockSupport.parkNanos(ERROR_BACKOFF.toNanos());
				}
				continue;
			}
			if (messages.isEmpty()) {
				continue;
			}
			this.inFlight.addAll(messages);
			if (!this.running) {
				// received after stop was asked: hand them back untouched
				track(this.acknowledger.release(messages).whenComplete((ok, error) -> messages.forEach(this.inFlight::remove)));
				return;
			}
			process(messages);
		}
	}

	private List<Message> receive() {
		ReceiveMessageRequest.Builder request = ReceiveMessageRequest.builder()
			.queueUrl(this.queue.url())
			.maxNumberOfMessages(Math.min(this.settings.maxBatchSize(), SqsLimits.MAX_RECEIVE_MESSAGES))
			.waitTimeSeconds(waitSeconds(this.settings.pollTimeout()))
			.messageSystemAttributeNames(SqsHeaders.SYSTEM_ATTRIBUTES)
			.messageAttributeNames("All");
		if (this.receiveVisibility != null) {
			request.visibilityTimeout(SqsAcknowledger.visibilitySeconds(this.receiveVisibility));
		}
		CompletableFuture<ReceiveMessageResponse> future = this.client.receiveMessage(request.build());
		try {
			// waits at most pollTimeout: a receive is never abandoned while it may still return messages
			return future.get().messages();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			// stop() gave up waiting: whatever this call still returns goes straight back to the queue
			future.thenAccept(response -> track(this.acknowledger.release(response.messages())));
			return List.of();
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new java.util.concurrent.CompletionException(ex.getCause());
		}
	}

	private void process(List<Message> messages) {
		List<InboundMessage> inbound = new ArrayList<>(messages.size());
		for (Message message : messages) {
			inbound.add(toInbound(message));
		}
		List<Outcome> outcomes;
		try {
			outcomes = this.processor.process(inbound);
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
		track(this.acknowledger.apply(decided).whenComplete((ok, error) -> messages.forEach(this.inFlight::remove)));
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
		if (deadLetter != null) {
			headers.put(FerryHeaders.DEAD_LETTER, DeadLetterCodec.encode(deadLetter));
		}
		String trace = system.get(MessageSystemAttributeName.AWS_TRACE_HEADER);
		if (trace != null) {
			headers.put(SqsHeaders.AWS_TRACE_HEADER, trace);
		}
		Map<String, String> attributes = new LinkedHashMap<>();
		system.forEach((name, value) -> attributes.put(name.toString(), value));
		attributes.put("MessageId", message.messageId());
		attributes.put("QueueUrl", this.queue.url());
		String group = system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
		String dedup = system.get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID);
		if (dedup == null) {
			dedup = headers.get(FerryHeaders.DEDUPLICATION_ID);
		}
		String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
		return new InboundMessage(id, message.messageId(), this.destination.name(),
				message.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), Headers.of(headers), group, dedup,
				this.queue.fifo() ? group : null, receiveCount(system), sent != null ? parseInstant(sent) : null,
				attributes, extension -> track(this.acknowledger.changeVisibility(message, extension)));
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
