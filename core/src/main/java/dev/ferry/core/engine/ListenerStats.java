package dev.ferry.core.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.transport.InboundProcessor;
import org.jspecify.annotations.Nullable;

/**
 * What one listener has done since it was created: outcomes counted, messages in flight, the last
 * error and the last success. Fed by wrapping the listener's {@link InboundProcessor}, so it costs a
 * few atomic operations per batch and nothing on the handler's path. Read by health indicators and
 * the operations endpoint.
 */
public final class ListenerStats {

	/** Longest error text kept: exception messages may quote input, so keep them short. */
	private static final int MAX_ERROR_CHARS = 200;

	private final Clock clock;

	private final LongAdder acked = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder retried = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong consecutiveFailures = new AtomicLong();

	private final AtomicReference<@Nullable Instant> lastSuccess = new AtomicReference<>();

	private final AtomicReference<@Nullable LastError> lastError = new AtomicReference<>();

	public ListenerStats() {
		this(Clock.systemUTC());
	}

	ListenerStats(Clock clock) {
		this.clock = clock;
	}

	/** The processor that counts what {@code delegate} decides. */
	public InboundProcessor observe(InboundProcessor delegate) {
		return batch -> {
			this.inFlight.addAndGet(batch.size());
			try {
				List<Outcome> outcomes = delegate.process(batch);
				record(outcomes);
				return outcomes;
			}
			finally {
				this.inFlight.addAndGet(-batch.size());
			}
		};
	}

	void record(List<Outcome> outcomes) {
		boolean success = false;
		for (Outcome outcome : outcomes) {
			if (outcome instanceof Outcome.Ack ack) {
				(ack.duplicate() ? this.duplicates : this.acked).increment();
				success = true;
				this.consecutiveFailures.set(0);
			}
			else if (outcome instanceof Outcome.Retry retry) {
				this.retried.increment();
				this.consecutiveFailures.incrementAndGet();
				error(retry.cause(), "retry");
			}
			else if (outcome instanceof Outcome.Reject reject) {
				this.rejected.increment();
				this.consecutiveFailures.incrementAndGet();
				this.lastError.set(new LastError(this.clock.instant(), reject.errorCode(), truncate(reject.reason())));
			}
		}
		if (success) {
			this.lastSuccess.set(this.clock.instant());
		}
	}

	private void error(@Nullable Throwable cause, String fallback) {
		String type = cause != null ? cause.getClass().getName() : fallback;
		String message = cause != null && cause.getMessage() != null ? truncate(cause.getMessage()) : "";
		this.lastError.set(new LastError(this.clock.instant(), type, message));
	}

	private static String truncate(String text) {
		return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "…";
	}

	/** A consistent-enough copy of the counters (each read atomically, not all at one instant). */
	public Snapshot snapshot() {
		return new Snapshot(this.acked.sum(), this.duplicates.sum(), this.retried.sum(), this.rejected.sum(),
				this.inFlight.get(), this.consecutiveFailures.get(), this.lastSuccess.get(), this.lastError.get());
	}

	/**
	 * @param acked messages handled successfully
	 * @param duplicates messages suppressed as duplicates
	 * @param retried deliveries that failed and were retried
	 * @param rejected messages given up on (dead-lettered)
	 * @param inFlight messages in the pipeline now
	 * @param consecutiveFailures failed deliveries since the last success
	 * @param lastSuccess when a message last succeeded
	 * @param lastError the last failure
	 */
	public record Snapshot(long acked, long duplicates, long retried, long rejected, int inFlight,
			long consecutiveFailures, @Nullable Instant lastSuccess, @Nullable LastError lastError) {
	}

	/**
	 * @param at when
	 * @param type exception class, or the dead-letter code of a reject
	 * @param message the exception message or reject reason, at most 200 characters
	 */
	public record LastError(Instant at, String type, String message) {
	}

}
