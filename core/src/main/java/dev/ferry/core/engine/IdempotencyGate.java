package dev.ferry.core.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.idempotency.AcquireResult;
import dev.ferry.core.idempotency.IdempotencyKeyStrategy;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.core.idempotency.TransactionalInbox;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's idempotency stage: claims a message's key before the handler runs, completes it
 * after success, releases it after failure. Keys are namespaced by listener, so two listeners of
 * one destination each handle every message once.
 *
 * <p>With a {@link TransactionalInbox} the gate claims inside the transaction the pipeline runs the
 * handler in: the claim is the completion (it commits with the handler's work), so there is no
 * lease to renew and nothing to release after a rollback.
 */
final class IdempotencyGate {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyGate.class);

	/** Shortest wait before a message whose key is held elsewhere is looked at again. */
	private static final Duration MIN_IN_PROGRESS_DELAY = Duration.ofMillis(200);

	private final String listenerId;

	private final IdempotencyStore store;

	private final IdempotencySettings settings;

	private final IdempotencyKeyStrategy keyStrategy;

	private final @Nullable TransactionalInbox inbox;

	/**
	 * Owner tokens are this gate's random id plus a counter: unique across instances and attempts,
	 * without paying for a SecureRandom UUID per message.
	 */
	private final String ownerPrefix = UUID.randomUUID() + "-";

	private final AtomicLong attempts = new AtomicLong();

	IdempotencyGate(String listenerId, IdempotencyStore store, IdempotencySettings settings,
			IdempotencyKeyStrategy keyStrategy) {
		this(listenerId, store, settings, keyStrategy, null);
	}

	IdempotencyGate(String listenerId, IdempotencyStore store, IdempotencySettings settings,
			IdempotencyKeyStrategy keyStrategy, @Nullable TransactionalInbox inbox) {
		this.inbox = inbox;
		this.listenerId = listenerId;
		this.store = store;
		this.settings = settings;
		this.keyStrategy = keyStrategy;
	}

	/** Tries to claim the message. */
	Ticket enter(Object payload, MessageContext context) {
		String key;
		try {
			key = this.keyStrategy.keyFor(payload, context);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Idempotency key of " + context + " could not be computed: " + ex, ex);
		}
		if (key == null) {
			return Ticket.UNGUARDED;
		}
		String namespaced = this.listenerId + ":" + key;
		String owner = this.ownerPrefix + this.attempts.incrementAndGet();
		AcquireResult result = this.inbox != null ? this.inbox.claim(namespaced, owner, this.settings.recordTtl())
				: this.store.acquire(namespaced, owner, this.settings.lease());
		return switch (result.decision()) {
			case ACQUIRED -> new Ticket(Ticket.State.ACQUIRED, namespaced, owner, null);
			case COMPLETED -> new Ticket(Ticket.State.DUPLICATE, namespaced, owner, null);
			case IN_PROGRESS -> {
				Duration wait = Duration.between(Instant.now(), result.until());
				yield new Ticket(Ticket.State.HELD_ELSEWHERE, namespaced, owner,
						wait.compareTo(MIN_IN_PROGRESS_DELAY) < 0 ? MIN_IN_PROGRESS_DELAY : wait);
			}
		};
	}

	/** The inbox this gate claims in, or null when it works with the store alone. */
	@Nullable TransactionalInbox inbox() {
		return this.inbox;
	}

	void renew(Ticket ticket) {
		if (this.inbox == null && ticket.state == Ticket.State.ACQUIRED && !this.store.renew(ticket.key, ticket.owner, this.settings.lease())) {
			logger.warn("Idempotency lease for {} lapsed while its handler was running; a duplicate may run", ticket.key);
		}
	}

	void complete(Ticket ticket) {
		if (this.inbox == null && ticket.state == Ticket.State.ACQUIRED) {
			this.store.complete(ticket.key, ticket.owner, this.settings.recordTtl());
		}
	}

	void release(Ticket ticket) {
		if (this.inbox == null && ticket.state == Ticket.State.ACQUIRED) {
			this.store.release(ticket.key, ticket.owner);
		}
	}

	/** Inside the inbox transaction: withdraws a claim made in it, so the message can be retried. */
	void withdraw(Ticket ticket) {
		if (this.inbox != null && ticket.state == Ticket.State.ACQUIRED) {
			this.inbox.unclaim(ticket.key, ticket.owner);
		}
	}

	/** Result of entering the gate. */
	record Ticket(State state, String key, String owner, @Nullable Duration retryAfter) {

		static final Ticket UNGUARDED = new Ticket(State.UNGUARDED, "", "", null);

		enum State {

			/** No key: process without idempotency. */
			UNGUARDED,
			/** Claimed: process, then complete or release. */
			ACQUIRED,
			/** Already handled: skip. */
			DUPLICATE,
			/** Another consumer is handling it: retry after {@code retryAfter}. */
			HELD_ELSEWHERE

		}

		boolean mayProcess() {
			return this.state == State.UNGUARDED || this.state == State.ACQUIRED;
		}

	}

}
