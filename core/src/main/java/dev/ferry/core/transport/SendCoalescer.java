package dev.ferry.core.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import dev.ferry.core.FerryConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Gathers the messages of concurrent small sends to one target (a queue, topic, bus or stream) for
 * up to a short window and hands them to the transport's batch sender as one batch, so a service
 * that publishes one message per request pays about one request per batch instead of one per
 * message. A batch leaves as soon as it is full (entries or bytes, by the transport's
 * {@link Limits}), or when the window since its first message ends. Every caller still gets the
 * results of its own messages, in order.
 *
 * <p>Used by the SQS (SendMessageBatch), SNS (PublishBatch), EventBridge (PutEvents) and Kinesis
 * (PutRecords) publishers. Written here rather than with the SDK's batch managers: only SQS has one
 * in the SDK used, and it answers with a response or an exception per message and retries on its
 * own terms, while Ferry's publishers validate entries first, re-send only retryable failed entries
 * a bounded number of times and report a {@link SendResult} per message. Gathering in front of that
 * path keeps one way of sending per transport.
 *
 * <p>Only for targets without order: a batch from several callers gives their messages an order
 * none of them asked for. Transports keep FIFO queues and topics out, and Kinesis gathers only
 * single-message calls, at most one per partition key in a batch ({@link Limits#distinctBy}).
 */
public final class SendCoalescer implements AutoCloseable {

	/**
	 * Default publish window of every transport (Ferry's choice: a few ms of latency for up to ten
	 * times fewer requests).
	 */
	public static final Duration DEFAULT_WINDOW = Duration.ofMillis(5);

	/** Longest publish window a transport accepts: beyond it a caller waits longer than a request takes. */
	public static final Duration MAX_WINDOW = Duration.ofSeconds(1);

	private final Duration window;

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final ScheduledExecutorService timer;

	private volatile boolean closed;

	/**
	 * @param threadName name of the window's timer thread (a daemon)
	 * @param window longest wait for more messages after the first of a batch; positive
	 */
	public SendCoalescer(String threadName, Duration window) {
		Objects.requireNonNull(window, "window");
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive (a zero window sends every call at once), was "
					+ window);
		}
		this.window = window;
		this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Adds the messages to the current batch of {@code key}; completes with their results, in order.
	 * A call of at least {@link Limits#maxEntries()} messages, or any call once the coalescer is
	 * closed, goes to {@code sender} at once.
	 * @param key the target; calls with the same key share batches, so the limits and sender of
	 * one key must not change
	 * @param limits what one batch may hold
	 * @param sender sends one gathered batch of that key and reports a result per message, in order
	 */
	public CompletableFuture<List<SendResult>> send(String key, Limits limits, List<EncodedMessage> messages,
			Function<List<EncodedMessage>, CompletableFuture<List<SendResult>>> sender) {
		if (messages.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		if (this.closed || messages.size() >= limits.maxEntries()) {
			return call(sender, messages);
		}
		Pending batch = this.pending.computeIfAbsent(key, ignored -> new Pending(limits, sender));
		if (messages.size() == 1) {
			return batch.add(messages.get(0)).thenApply(List::of);
		}
		List<CompletableFuture<SendResult>> results = new ArrayList<>(messages.size());
		for (EncodedMessage message : messages) {
			results.add(batch.add(message));
		}
		return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
			.thenApply(ignored -> results.stream().map(CompletableFuture::join).toList());
	}

	/** Sends what is being gathered now and stops the timer; later calls are sent at once. */
	@Override
	public void close() {
		this.closed = true;
		this.pending.values().forEach(Pending::flushNow);
		this.timer.shutdown();
	}

	/**
	 * The configured publish window, checked: between zero (off) and {@link #MAX_WINDOW}.
	 * @param property the setting's name, for the error
	 * @throws FerryConfigurationException naming {@code property} when out of range
	 */
	public static Duration checkWindow(Duration window, String property) {
		Objects.requireNonNull(window, property);
		if (window.isNegative() || window.compareTo(MAX_WINDOW) > 0) {
			throw new FerryConfigurationException(property + " must be between 0 (off) and 1s, was " + window);
		}
		return window;
	}

	/**
	 * The messages with header {@code name} set to {@code value} where they have none of their own:
	 * what a batch sender would otherwise read from the environment of the thread that sends the
	 * batch (the X-Ray trace header of a Lambda invocation), fixed when the caller publishes.
	 */
	public static List<EncodedMessage> withHeaderIfAbsent(List<EncodedMessage> messages, String name,
			@Nullable String value) {
		if (value == null || value.isBlank()) {
			return messages;
		}
		List<EncodedMessage> pinned = new ArrayList<>(messages.size());
		for (EncodedMessage message : messages) {
			String own = message.headers().getOrNull(name);
			pinned.add(own != null && !own.isBlank() ? message
					: new EncodedMessage(message.id(), message.body(), message.headers().with(name, value), message.key(),
							message.deduplicationId(), message.delay()));
		}
		return pinned;
	}

	private static CompletableFuture<List<SendResult>> call(
			Function<List<EncodedMessage>, CompletableFuture<List<SendResult>>> sender, List<EncodedMessage> messages) {
		try {
			return sender.apply(messages);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * What one batch may hold.
	 *
	 * @param maxEntries most messages in one batch (the request's entry limit)
	 * @param maxBytes most bytes in one batch, as {@code sizeOf} counts them (the request's size limit)
	 * @param sizeOf a message's size as the service counts it against {@code maxBytes}
	 * @param distinctBy when not null, two messages with the same value never share a batch (Kinesis:
	 * the partition key, since its publisher sends one record per key per request)
	 */
	public record Limits(int maxEntries, long maxBytes, ToLongFunction<EncodedMessage> sizeOf,
			@Nullable Function<EncodedMessage, String> distinctBy) {

		public Limits {
			if (maxEntries < 1 || maxBytes < 1) {
				throw new IllegalArgumentException("maxEntries and maxBytes must be positive");
			}
			Objects.requireNonNull(sizeOf, "sizeOf");
		}

		public Limits(int maxEntries, long maxBytes, ToLongFunction<EncodedMessage> sizeOf) {
			this(maxEntries, maxBytes, sizeOf, null);
		}

	}

	/** Messages taken out of a target's batch to be sent, with the futures of their callers. */
	private record Batch(List<EncodedMessage> messages, List<CompletableFuture<SendResult>> futures) {
	}

	/** The batch being gathered for one target. */
	private final class Pending {

		private final Limits limits;

		private final Function<List<EncodedMessage>, CompletableFuture<List<SendResult>>> sender;

		private final List<EncodedMessage> messages = new ArrayList<>();

		private final List<CompletableFuture<SendResult>> futures = new ArrayList<>();

		private final Set<String> distinct = new HashSet<>();

		private long bytes;

		private @Nullable ScheduledFuture<?> flush;

		Pending(Limits limits, Function<List<EncodedMessage>, CompletableFuture<List<SendResult>>> sender) {
			this.limits = limits;
			this.sender = sender;
		}

		CompletableFuture<SendResult> add(EncodedMessage message) {
			CompletableFuture<SendResult> result = new CompletableFuture<>();
			long size = this.limits.sizeOf().applyAsLong(message);
			String value = this.limits.distinctBy() != null ? this.limits.distinctBy().apply(message) : null;
			Batch before = null;
			Batch full = null;
			synchronized (this) {
				if (!this.messages.isEmpty() && (this.bytes + size > this.limits.maxBytes()
						|| (value != null && this.distinct.contains(value)))) {
					before = take();
				}
				this.messages.add(message);
				this.futures.add(result);
				this.bytes += size;
				if (value != null) {
					this.distinct.add(value);
				}
				if (this.messages.size() >= this.limits.maxEntries()) {
					full = take();
				}
				else if (this.flush == null) {
					try {
						this.flush = SendCoalescer.this.timer.schedule(this::flushNow, SendCoalescer.this.window.toNanos(),
								TimeUnit.NANOSECONDS);
					}
					catch (RejectedExecutionException ex) {
						// closed while this call was on its way in: nothing waits for a timer any more
						full = take();
					}
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
			this.distinct.clear();
			this.bytes = 0;
			if (this.flush != null) {
				this.flush.cancel(false);
				this.flush = null;
			}
			return batch;
		}

		private void dispatch(Batch batch) {
			call(this.sender, batch.messages()).whenComplete((sent, error) -> {
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
