package dev.ferry.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.core.consume.BatchResult;
import dev.ferry.core.consume.Delivery;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.convert.PayloadConverter;
import dev.ferry.core.idempotency.TransactionalInbox;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.observation.TracePropagation;
import dev.ferry.core.transport.InboundProcessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consuming pipeline every transport feeds: deserialize → idempotency gate → handler →
 * outcome. Returns an outcome per message and never throws; the transport applies the outcomes.
 *
 * <p>On ordered transports the first message of an ordering group that is to be retried holds back
 * every later message of that group in the batch: single-message handlers are not called for them,
 * and batch items after it are retried even if the handler reported them done (their idempotency
 * keys are released, not completed, so they run again in order).
 *
 * <p>Each handler call runs inside a {@link TracePropagation#open processing scope} whose parent
 * is the trace context of the received message. A batch handler gets one scope for the whole
 * batch, continuing the trace of the batch's first message; the other messages' contexts are not
 * linked (the Observation API has no links).
 *
 * <p>With a {@link TransactionalInbox} on the gate, each message (single-message handlers) or each
 * batch (batch handlers) runs in one transaction: claim, handler, completion, one commit; the
 * outcomes are returned, and so acknowledged by the transport, only after the commit. A handler
 * failure rolls back the handler's work and the claim together. A batch handler's per-message
 * failures do not roll back the batch: those messages' claims are withdrawn inside the
 * transaction, the rest commits. Messages held back behind a failure on an ordered transport keep
 * their committed claim and are suppressed as duplicates when they come again.
 */
final class ConsumerPipeline implements InboundProcessor {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerPipeline.class);

	private final ListenerDefinition listener;

	private final PayloadConverter converter;

	private final @Nullable IdempotencyGate gate;

	private final OutcomeResolver resolver;

	private final Heartbeat heartbeat;

	private final boolean ordered;

	private final ConsumeObserver observer;

	private final Duration extension;

	private final Duration beatInterval;

	private final TracePropagation tracing;

	private final String transport;

	ConsumerPipeline(ListenerDefinition listener, PayloadConverter converter, @Nullable IdempotencyGate gate,
			OutcomeResolver resolver, Heartbeat heartbeat, boolean ordered, ConsumeObserver observer,
			Duration idempotencyLease) {
		this(listener, converter, gate, resolver, heartbeat, ordered, observer, idempotencyLease,
				TracePropagation.none(), "unknown");
	}

	ConsumerPipeline(ListenerDefinition listener, PayloadConverter converter, @Nullable IdempotencyGate gate,
			OutcomeResolver resolver, Heartbeat heartbeat, boolean ordered, ConsumeObserver observer,
			Duration idempotencyLease, TracePropagation tracing, String transport) {
		this.tracing = tracing;
		this.transport = transport;
		this.listener = listener;
		this.converter = converter;
		this.gate = gate;
		this.resolver = resolver;
		this.heartbeat = heartbeat;
		this.ordered = ordered;
		this.observer = observer;
		this.extension = listener.processingTimeout();
		Duration shortest = idempotencyLease.compareTo(this.extension) < 0 ? idempotencyLease : this.extension;
		this.beatInterval = shortest.dividedBy(3);
	}

	@Override
	public List<Outcome> process(List<InboundMessage> batch) {
		long start = System.nanoTime();
		Item[] items = new Item[batch.size()];
		for (int i = 0; i < items.length; i++) {
			items[i] = new Item(batch.get(i));
		}
		try {
			if (this.listener.isBatch()) {
				processBatch(items);
			}
			else {
				processEach(items);
			}
		}
		catch (RuntimeException | Error ex) {
			// Defensive: a bug in a stage must not lose messages; retry whatever is undecided.
			logger.error("Listener {} failed unexpectedly; retrying {} undecided messages", this.listener.id(),
					Arrays.stream(items).filter(item -> item.outcome == null).count(), ex);
			for (Item item : items) {
				if (item.outcome == null) {
					release(item);
					item.outcome = Outcome.retry(Duration.ofSeconds(1), ex);
				}
			}
		}
		long nanos = System.nanoTime() - start;
		List<Outcome> outcomes = new ArrayList<>(items.length);
		for (Item item : items) {
			outcomes.add(item.outcome);
			log(item);
			this.observer.onOutcome(this.listener.id(), item.message, item.outcome, nanos);
		}
		return outcomes;
	}

	private void processEach(Item[] items) {
		Map<String, Outcome.Retry> heldBack = new HashMap<>();
		// One heartbeat for the batch, beating for the item whose handler runs: registering one per
		// message was a map insert and removal per message on the consuming path.
		Running running = new Running();
		try (Heartbeat.Beat beat = this.heartbeat.start(this.beatInterval, running::beat)) {
			for (Item item : items) {
				String group = item.message.orderingGroup();
				Outcome.Retry blocking = this.ordered && group != null ? heldBack.get(group) : null;
				if (blocking != null) {
					item.outcome = Outcome.retry(blocking.delay(), null);
					continue;
				}
				TransactionalInbox inbox = this.gate != null ? this.gate.inbox() : null;
				if (inbox != null) {
					handleInTransaction(item, inbox);
				}
				else if (prepare(item)) {
					try (TracePropagation.Scope scope = open(item.message)) {
						@Nullable Exception failure = null;
						running.item = item;
						try {
							this.listener.handler().handle(item.payload, item.context);
						}
						catch (Exception ex) {
							failure = ex;
						}
						finally {
							running.item = null;
						}
						if (failure == null) {
							succeed(item);
						}
						else {
							scope.error(failure);
							fail(item, failure);
						}
						scope.outcome(outcomeName(item.outcome));
					}
				}
				if (this.ordered && group != null && item.outcome instanceof Outcome.Retry retry) {
					heldBack.put(group, retry);
				}
			}
		}
	}

	/** The item whose handler runs now, for the batch's heartbeat (read on the heartbeat's thread). */
	private final class Running {

		volatile @Nullable Item item;

		void beat() {
			Item current = this.item;
			if (current != null) {
				keepAlive(current);
			}
		}

	}

	/** One message in one inbox transaction; its outcome is decided once the transaction has ended. */
	private void handleInTransaction(Item item, TransactionalInbox inbox) {
		try {
			inbox.inTransaction(() -> {
				if (!prepare(item)) {
					// duplicate, held elsewhere or not convertible: the transaction wrote nothing worth keeping
					return false;
				}
				try (TracePropagation.Scope scope = open(item.message)) {
					try (Heartbeat.Beat beat = this.heartbeat.start(this.beatInterval, () -> keepAlive(item))) {
						this.listener.handler().handle(item.payload, item.context);
						item.outcome = Outcome.ack();
					}
					catch (Exception ex) {
						scope.error(ex);
						item.outcome = this.resolver.onFailure(item.message, ex);
					}
					scope.outcome(outcomeName(item.outcome));
				}
				return item.outcome instanceof Outcome.Ack;
			});
		}
		catch (RuntimeException ex) {
			// Claim, begin or commit failed: nothing of this transaction was kept, so the message runs again.
			logger.warn("Inbox transaction for {} in listener {} did not commit: {}", item.message.reference(),
					this.listener.id(), ex.toString());
			item.outcome = this.resolver.onFailure(item.message, ex);
		}
	}

	private void processBatch(Item[] items) {
		TransactionalInbox inbox = this.gate != null ? this.gate.inbox() : null;
		if (inbox != null) {
			processBatchInTransaction(items, inbox);
			return;
		}
		List<Item> runnable = new ArrayList<>(items.length);
		for (Item item : items) {
			if (prepare(item)) {
				runnable.add(item);
			}
		}
		if (!runnable.isEmpty()) {
			runBatchHandler(runnable);
		}
		if (this.ordered) {
			holdBackAfterFirstRetry(items);
		}
		for (Item item : runnable) {
			if (item.outcome instanceof Outcome.Ack) {
				complete(item);
			}
			else {
				release(item);
			}
		}
	}

	/** The whole batch in one inbox transaction: claims, the batch handler and the completions commit once. */
	private void processBatchInTransaction(Item[] items, TransactionalInbox inbox) {
		List<Item> runnable = new ArrayList<>(items.length);
		try {
			inbox.inTransaction(() -> {
				for (Item item : items) {
					if (prepare(item)) {
						runnable.add(item);
					}
				}
				if (runnable.isEmpty()) {
					return false;
				}
				runBatchHandler(runnable);
				if (runnable.stream().noneMatch(item -> item.outcome instanceof Outcome.Ack)) {
					return false;
				}
				if (this.ordered) {
					holdBackAfterFirstRetry(items);
				}
				for (Item item : runnable) {
					if (item.failure != null) {
						this.gate.withdraw(item.ticket);
					}
				}
				return true;
			});
		}
		catch (RuntimeException ex) {
			logger.warn("Inbox transaction for a batch of {} in listener {} did not commit: {}", items.length,
					this.listener.id(), ex.toString());
			for (Item item : items) {
				if (item.outcome == null || runnable.contains(item)) {
					item.outcome = this.resolver.onFailure(item.message, ex);
				}
			}
		}
	}

	/** Calls the batch handler for the runnable items and sets each item's outcome (and failure). */
	private void runBatchHandler(List<Item> runnable) {
		List<Delivery<Object>> deliveries = new ArrayList<>(runnable.size());
		for (Item item : runnable) {
			deliveries.add(new Delivery<>(item.payload, item.context));
		}
		try (TracePropagation.Scope scope = open(runnable.get(0).message)) {
			BatchResult result;
			try (Heartbeat.Beat beat = this.heartbeat.start(this.beatInterval,
					() -> runnable.forEach(this::keepAlive))) {
				result = this.listener.batchHandler().handle(deliveries);
				if (result == null) {
					result = BatchResult.success();
				}
			}
			catch (Exception ex) {
				scope.error(ex);
				BatchResult.Builder all = BatchResult.builder();
				runnable.forEach(item -> all.fail(item.message.id(), ex));
				result = all.build();
			}
			for (Item item : runnable) {
				item.failure = result.failureOf(item.message.id());
				item.outcome = item.failure == null ? Outcome.ack() : this.resolver.onFailure(item.message, item.failure);
			}
			// the batch's outcome is the worst of its items
			scope.outcome(runnable.stream().map(item -> outcomeName(item.outcome)).reduce("ack",
					(a, b) -> a.equals("reject") || b.equals("reject") ? "reject"
							: a.equals("retry") || b.equals("retry") ? "retry" : "ack"));
		}
	}

	/** In each ordering group, everything after the first retried item is retried too. */
	private static void holdBackAfterFirstRetry(Item[] items) {
		Map<String, Outcome.Retry> heldBack = new HashMap<>();
		for (Item item : items) {
			String group = item.message.orderingGroup();
			if (group == null) {
				continue;
			}
			Outcome.Retry blocking = heldBack.get(group);
			if (blocking != null) {
				if (!(item.outcome instanceof Outcome.Retry)) {
					item.outcome = Outcome.retry(blocking.delay(), null);
				}
			}
			else if (item.outcome instanceof Outcome.Retry retry) {
				heldBack.put(group, retry);
			}
		}
	}

	/**
	 * Converts and gates one item. Returns true when the handler should run; otherwise the item's
	 * outcome is already decided.
	 */
	private boolean prepare(Item item) {
		InboundMessage message = item.message;
		item.context = new MessageContext(message, message.deadLetter());
		try {
			item.payload = this.converter.decode(message.body(), message.headers(), this.listener.payloadType());
		}
		catch (RuntimeException ex) {
			item.outcome = this.resolver.onFailure(message, ex);
			return false;
		}
		if (this.gate == null) {
			return true;
		}
		try {
			item.ticket = this.gate.enter(item.payload, item.context);
		}
		catch (RuntimeException ex) {
			item.outcome = this.resolver.onFailure(message, ex);
			return false;
		}
		switch (item.ticket.state()) {
			case DUPLICATE -> item.outcome = new Outcome.Ack(true);
			case HELD_ELSEWHERE -> item.outcome = Outcome.retry(item.ticket.retryAfter(), null);
			default -> {
				return true;
			}
		}
		return false;
	}

	private TracePropagation.Scope open(InboundMessage message) {
		return this.tracing.open(message.headers(), this.listener.destination(), this.transport, this.listener.id());
	}

	private static String outcomeName(@Nullable Outcome outcome) {
		if (outcome instanceof Outcome.Reject) {
			return "reject";
		}
		return outcome instanceof Outcome.Retry ? "retry" : "ack";
	}

	private void keepAlive(Item item) {
		try {
			item.message.control().extend(this.extension);
			if (this.gate != null && item.ticket != null) {
				this.gate.renew(item.ticket);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Heartbeat for {} failed: {}", item.message.reference(), ex.toString());
		}
	}

	private void succeed(Item item) {
		item.outcome = Outcome.ack();
		complete(item);
	}

	private void fail(Item item, Throwable failure) {
		item.outcome = this.resolver.onFailure(item.message, failure);
		release(item);
	}

	private void complete(Item item) {
		if (this.gate != null && item.ticket != null) {
			this.gate.complete(item.ticket);
		}
	}

	private void release(Item item) {
		if (this.gate != null && item.ticket != null) {
			try {
				this.gate.release(item.ticket);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not release idempotency key of {}: {}", item.message.reference(), ex.toString());
			}
		}
	}

	private void log(Item item) {
		if (item.outcome instanceof Outcome.Reject reject) {
			logger.warn("{} dead-lettered by listener {}: {}", item.message.reference(), this.listener.id(),
					reject.reason());
		}
		else if (item.outcome instanceof Outcome.Retry retry && retry.cause() != null) {
			logger.info("{} failed on attempt {} in listener {}, retrying in {}: {}", item.message.reference(),
					item.message.attempt(), this.listener.id(), retry.delay(), retry.cause().toString());
		}
		else if (item.outcome instanceof Outcome.Ack ack && ack.duplicate()) {
			logger.info("{} suppressed as a duplicate by listener {}", item.message.reference(), this.listener.id());
		}
	}

	/** Working state of one message in the pipeline. */
	private static final class Item {

		final InboundMessage message;

		@Nullable MessageContext context;

		@Nullable Object payload;

		IdempotencyGate.@Nullable Ticket ticket;

		/** What the batch handler reported for this message, in an inbox transaction. */
		@Nullable Throwable failure;

		@Nullable Outcome outcome;

		Item(InboundMessage message) {
			this.message = message;
		}

	}

}
