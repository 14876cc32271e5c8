package dev.ferry.transport.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.ferry.core.consume.Outcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Applies Ferry's outcomes to received SQS messages: {@link Outcome.Ack} deletes (in batches),
 * {@link Outcome.Retry} changes the visibility to the delay (capped at SQS's 12 hours), and
 * {@link Outcome.Reject} sends the message to the dead-letter queue with the reason and deletes it
 * once that send succeeded. Without a dead-letter queue a rejected message is left to SQS's own
 * redelivery, never deleted.
 *
 * <p>Deletes of messages handled one by one are gathered for up to the delete window
 * ({@code ferry.sqs.receive.delete-window}; or until ten are waiting) and sent as one
 * DeleteMessageBatch. The window opens with the first delete of a batch, so a batch that left full
 * never cuts the next one short.
 *
 * <p>Batch entry ids are positions, not SQS message ids, so a message delivered twice inside one
 * receive (possible on standard queues) still gets both of its receipt handles acknowledged.
 */
final class SqsAcknowledger {

	private static final Logger log = LoggerFactory.getLogger(SqsAcknowledger.class);

	private final SqsAsyncClient client;

	private final SqsDeadLetters deadLetters;

	private final SqsQueue queue;

	private final @Nullable SqsQueue deadLetterQueue;

	private final String reference;

	/** Longest a handled message waits for others to share its DeleteMessageBatch request. */
	private final Duration deleteWindow;

	private final Object lock = new Object();

	private List<PendingDelete> waiting = new ArrayList<>();

	/** Number of the window the waiting deletes belong to; a timer flushes only its own window. */
	private long window;

	private record PendingDelete(Message message, CompletableFuture<Void> done) {
	}

	SqsAcknowledger(SqsAsyncClient client, SqsDeadLetters deadLetters, SqsQueue queue,
			@Nullable SqsQueue deadLetterQueue, String reference) {
		this(client, deadLetters, queue, deadLetterQueue, reference, SqsOptions.DEFAULT_DELETE_WINDOW);
	}

	SqsAcknowledger(SqsAsyncClient client, SqsDeadLetters deadLetters, SqsQueue queue,
			@Nullable SqsQueue deadLetterQueue, String reference, Duration deleteWindow) {
		this.client = client;
		this.deleteWindow = deleteWindow;
		this.deadLetters = deadLetters;
		this.queue = queue;
		this.deadLetterQueue = deadLetterQueue;
		this.reference = reference;
	}

	/** A received message with what Ferry decided about it. */
	record Decided(Message message, String ferryId, int attempt, Outcome outcome) {
	}

	/** Applies the outcomes; the future completes when SQS has answered every request. */
	CompletableFuture<Void> apply(List<Decided> decided) {
		List<Message> deletes = new ArrayList<>();
		List<CompletableFuture<?>> pending = new ArrayList<>();
		List<ChangeMessageVisibilityBatchRequestEntry> retries = new ArrayList<>();
		for (Decided item : decided) {
			Outcome outcome = item.outcome();
			if (outcome instanceof Outcome.Ack) {
				deletes.add(item.message());
			}
			else if (outcome instanceof Outcome.Retry retry) {
				retries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
					.id(Integer.toString(retries.size()))
					.receiptHandle(item.message().receiptHandle())
					.visibilityTimeout(visibilitySeconds(retry.delay()))
					.build());
			}
			else if (outcome instanceof Outcome.Reject reject) {
				pending.add(deadLetter(item, reject));
			}
		}
		for (Message message : deletes) {
			pending.add(deleteSoon(message));
		}
		for (int from = 0; from < retries.size(); from += SqsLimits.MAX_BATCH_ENTRIES) {
			List<ChangeMessageVisibilityBatchRequestEntry> chunk = renumber(
					retries.subList(from, Math.min(from + SqsLimits.MAX_BATCH_ENTRIES, retries.size())));
			pending.add(this.client
				.changeMessageVisibilityBatch(
						ChangeMessageVisibilityBatchRequest.builder().queueUrl(this.queue.url()).entries(chunk).build())
				.handle((response, error) -> {
					if (error != null) {
						log.warn("Could not delay {} retried messages of {}; they return after the visibility timeout",
								chunk.size(), this.reference, error);
					}
					else if (!response.failed().isEmpty()) {
						log.warn("SQS did not delay {} retried messages of {}: {}", response.failed().size(),
								this.reference, response.failed().get(0).message());
					}
					return null;
				}));
		}
		return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
	}

	/** Makes the messages visible again at once (shutdown, or a batch that could not be processed). */
	CompletableFuture<Void> release(List<Message> messages) {
		List<CompletableFuture<?>> pending = new ArrayList<>();
		for (Message message : messages) {
			pending.add(changeVisibility(message, Duration.ZERO));
		}
		return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
	}

	/** Extends one message's visibility; failures are logged, never thrown (heartbeat contract). */
	CompletableFuture<Void> changeVisibility(Message message, Duration visibility) {
		return this.client
			.changeMessageVisibility(ChangeMessageVisibilityRequest.builder()
				.queueUrl(this.queue.url())
				.receiptHandle(message.receiptHandle())
				.visibilityTimeout(visibilitySeconds(visibility))
				.build())
			.handle((response, error) -> {
				if (error != null) {
					log.warn("Could not change visibility of {}#{}", this.reference, message.messageId(), error);
				}
				return null;
			});
	}

	/** Deletes the message together with others handled at about the same time. */
	CompletableFuture<Void> deleteSoon(Message message) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		List<PendingDelete> full = null;
		boolean schedule = false;
		long window = 0;
		synchronized (this.lock) {
			if (this.waiting.isEmpty()) {
				// the first delete of a batch opens its window; a timer of an earlier batch that already left
				// full must not cut this one short
				window = ++this.window;
				schedule = true;
			}
			this.waiting.add(new PendingDelete(message, done));
			if (this.waiting.size() >= SqsLimits.MAX_BATCH_ENTRIES || this.deleteWindow.isZero()) {
				full = this.waiting;
				this.waiting = new ArrayList<>();
				schedule = false;
			}
		}
		if (full != null) {
			send(full);
		}
		if (schedule) {
			long opened = window;
			CompletableFuture.delayedExecutor(this.deleteWindow.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)
				.execute(() -> flush(opened));
		}
		return done;
	}

	/** Sends the deletes of window {@code opened} if they are still waiting. */
	private void flush(long opened) {
		List<PendingDelete> batch;
		synchronized (this.lock) {
			if (this.window != opened || this.waiting.isEmpty()) {
				return;
			}
			batch = this.waiting;
			this.waiting = new ArrayList<>();
		}
		send(batch);
	}

	/** Sends the deletes waiting now. */
	void flush() {
		List<PendingDelete> batch;
		synchronized (this.lock) {
			batch = this.waiting;
			this.waiting = new ArrayList<>();
		}
		if (!batch.isEmpty()) {
			send(batch);
		}
	}

	private void send(List<PendingDelete> batch) {
		List<Message> messages = batch.stream().map(PendingDelete::message).toList();
		delete(messages).whenComplete((ok, error) -> batch.forEach(item -> item.done().complete(null)));
	}

	private CompletableFuture<Void> delete(List<Message> messages) {
		List<CompletableFuture<?>> pending = new ArrayList<>();
		for (int from = 0; from < messages.size(); from += SqsLimits.MAX_BATCH_ENTRIES) {
			List<Message> chunk = messages.subList(from, Math.min(from + SqsLimits.MAX_BATCH_ENTRIES, messages.size()));
			List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
			for (int i = 0; i < chunk.size(); i++) {
				entries.add(DeleteMessageBatchRequestEntry.builder()
					.id(Integer.toString(i))
					.receiptHandle(chunk.get(i).receiptHandle())
					.build());
			}
			pending.add(this.client
				.deleteMessageBatch(DeleteMessageBatchRequest.builder().queueUrl(this.queue.url()).entries(entries).build())
				.handle((response, error) -> {
					if (error != null) {
						log.warn("Could not delete {} handled messages of {}; they will be delivered again", chunk.size(),
								this.reference, error);
					}
					else if (!response.failed().isEmpty()) {
						log.warn("SQS did not delete {} handled messages of {}: {}", response.failed().size(),
								this.reference, response.failed().get(0).message());
					}
					return null;
				}));
		}
		return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
	}

	private CompletableFuture<?> deadLetter(Decided item, Outcome.Reject reject) {
		Message message = item.message();
		if (this.deadLetterQueue == null) {
			log.warn("{}#{} was rejected ({}: {}) but the queue has no dead-letter queue; it stays on the queue and is "
					+ "delivered again after the visibility timeout", this.reference, item.ferryId(), reject.errorCode(),
					reject.reason());
			return CompletableFuture.completedFuture(null);
		}
		return this.deadLetters.send(this.queue, this.deadLetterQueue, message, item.ferryId(), item.attempt(), reject)
			.thenCompose(sent -> {
				log.info("{}#{} dead-lettered to {} ({})", this.reference, item.ferryId(), this.deadLetterQueue.name(),
						reject.errorCode());
				return this.client.deleteMessage(DeleteMessageRequest.builder()
					.queueUrl(this.queue.url())
					.receiptHandle(message.receiptHandle())
					.build());
			})
			.handle((response, error) -> {
				if (error != null) {
					log.error("Could not dead-letter {}#{} to {}; it stays on the queue and is delivered again",
							this.reference, item.ferryId(), this.deadLetterQueue.name(), error);
				}
				return null;
			});
	}

	private static List<ChangeMessageVisibilityBatchRequestEntry> renumber(
			List<ChangeMessageVisibilityBatchRequestEntry> entries) {
		List<ChangeMessageVisibilityBatchRequestEntry> renumbered = new ArrayList<>(entries.size());
		for (int i = 0; i < entries.size(); i++) {
			renumbered.add(entries.get(i).toBuilder().id(Integer.toString(i)).build());
		}
		return renumbered;
	}

	/** Whole seconds, rounded up, within SQS's 0 s to 12 h. */
	static int visibilitySeconds(Duration duration) {
		long millis = Math.max(duration.toMillis(), 0);
		long seconds = (millis + 999) / 1000;
		return (int) Math.min(seconds, SqsLimits.MAX_VISIBILITY.toSeconds());
	}

}
