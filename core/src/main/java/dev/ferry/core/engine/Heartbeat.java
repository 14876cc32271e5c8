package dev.ferry.core.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps messages owned while a slow handler runs: every interval it extends the messages'
 * visibility on the transport and renews the idempotency leases held for them, in one tick, so the
 * two can never drift apart (a message redelivered while its lease is still held would be
 * retried needlessly; a lease lapsing while the message is still invisible would let a duplicate
 * run the handler twice).
 */
final class Heartbeat {

	private final ScheduledExecutorService scheduler;

	Heartbeat(ScheduledExecutorService scheduler) {
		this.scheduler = scheduler;
	}

	/** Starts ticking every {@code interval}; close the returned handle when handling is done. */
	Beat start(Duration interval, Runnable tick) {
		long millis = Math.max(interval.toMillis(), 50);
		ScheduledFuture<?> future = this.scheduler.scheduleAtFixedRate(tick, millis, millis, TimeUnit.MILLISECONDS);
		return () -> future.cancel(false);
	}

	/** A running heartbeat. */
	@FunctionalInterface
	interface Beat extends AutoCloseable {

		@Override
		void close();

	}

}
