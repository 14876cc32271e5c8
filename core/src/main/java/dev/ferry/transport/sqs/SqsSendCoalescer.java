package dev.ferry.transport.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import org.jspecify.annotations.Nullable;

/**
 * Gathers the messages of concurrent small sends to one standard queue for up to a short window and
 * sends them as one SendMessageBatch, so a service that publishes one message per request pays
 * about one SQS request per ten messages instead of one per message. A batch leaves as soon as it
 * holds ten entries or would exceed the request size limit, or when the window since its first
 * message ends. Every caller still gets its own message's result.
 *
 * <p>Why not the SDK's {@code SqsAsyncBatchManager}: it answers with a {@code SendMessageResponse}
 * or an exception per message and retries on its own terms, while Ferry's publisher validates
 * entries first, re-sends only retryable failed entries a bounded number of times and reports a
 * {@link SendResult} per message. Gathering in front of that path keeps one way of sending.
 *
 * <p>FIFO queues are not coalesced: a batch from several callers would give their messages an order
 * none of them asked for, and each caller's order within its own calls must hold.
 */
final class SqsSendCoalescer implements AutoCloseable {

	private final Duration window;

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final ScheduledExecutorService timer;

	/**
	 * @param window longest wait for more messages after the first of a batch
	 */
	SqsSendCoalescer(Duration window) {
		this.window = window;
		this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "ferry-sqs-publish-window");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Adds the messages to the current batch of {@code key} (a destination and its queue); completes
	 * with their results, in order.
	 * @param sender sends one gathered batch of that key and reports a result per message, in order
	 */
	CompletableFuture<List<SendResult>> send(String key, List<EncodedMessage> messages,
			Function<List<EncodedMessage>, CompletableFuture<List<SendResult>>> sender) {
		List<CompletableFuture<SendResult>> results = new ArrayList<>(messages.size());
		Pending batch = this.pending.computeIfAbsent(key, ignored -> new Pending(sender));
		for (EncodedMessage message : messages) {
			results.add(batch.add(message));
		}
		return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
			.thenApply(ignored -> results.stream().map(CompletableFuture::join).toList());
	}

	@Override
	public void close() {
		this.pending.values().forEach(Pending::flushNow);
		this.timer.shutdown();
	}

	/** Messages taken out of a queue's batch to be sent, with the futures of their callers. */
	private record Batch(List<EncodedMessage> messages, List<CompletableFuture<SendResult>> futures) {
	}

	/** The batch being gathered for one queue. */
	private final class Pending {

		private final Function<List<EncodedMessage>, CompletableFuture<List<SendResult>>> sender;

		private final List<EncodedMessage> messages = new ArrayList<>();

		private final List<CompletableFuture<SendResult>> futures = new ArrayList<>();

		private long bytes;

		private @Nullable ScheduledFuture<?> flush;

		Pending(Function<List<EncodedMessage>, CompletableFuture<List<SendResult>>> sender) {
			this.sender = sender;
		}

		CompletableFuture<SendResult> add(EncodedMessage message) {
			CompletableFuture<SendResult> result = new CompletableFuture<>();
			long size = SqsHeaders.sizeOf(message);
			Batch before = null;
			Batch full = null;
			synchronized (this) {
				if (!this.messages.isEmpty() && this.bytes + size > SqsLimits.MAX_BATCH_BYTES) {
					before = take();
				}
				this.messages.add(message);
				this.futures.add(result);
				this.bytes += size;
				if (this.messages.size() >= SqsLimits.MAX_BATCH_ENTRIES) {
					full = take();
				}
				else if (this.flush == null) {
					this.flush = SqsSendCoalescer.this.timer.schedule(this::flushNow, SqsSendCoalescer.this.window.toNanos(),
							TimeUnit.NANOSECONDS);
				}
			}
			if (before != null) {
				dispatch(before);
			}
			if (full != null) {
				dispatch(full);
			}
			return result;
		}

		void flushNow() {
			Batch batch;
			synchronized (this) {
				if (this.messages.isEmpty()) {
					return;
				}
				batch = take();
			}
			dispatch(batch);
		}

		/** Empties the batch; the caller holds the lock. */
		private Batch take() {
			Batch batch = new Batch(List.copyOf(this.messages), List.copyOf(this.futures));
			this.messages.clear();
			this.futures.clear();
			this.bytes = 0;
			if (this.flush != null) {
				this.flush.cancel(false);
				this.flush = null;
			}
			return batch;
		}

		private void dispatch(Batch batch) {
			this.sender.apply(batch.messages()).whenComplete((sent, error) -> {
				for (int i = 0; i < batch.futures().size(); i++) {
					if (error != null) {
						batch.futures().get(i).completeExceptionally(error);
					}
					else {
						batch.futures().get(i).complete(sent.get(i));
					}
				}
			});
		}

	}

}
