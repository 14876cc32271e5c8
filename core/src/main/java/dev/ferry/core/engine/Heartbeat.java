package dev.ferry.core.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps messages owned while a slow handler runs: every interval it extends the messages'
 * visibility on the transport and renews the idempotency leases held for them, in one tick, so the
 * two can never drift apart (a message redelivered while its lease is still held would be
 * retried needlessly; a lease lapsing while the message is still invisible would let a duplicate
 * run the handler twice).
 *
 * <p>One sweeper serves every handler: registering is a map insert, so the common fast handler
 * pays almost nothing, where scheduling a timer per message would cost more than the rest of the
 * pipeline.
 */
final class Heartbeat implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Heartbeat.class);

	/** How often the sweeper looks for handlers that are due a beat. */
	static final Duration RESOLUTION = Duration.ofMillis(50);

	private final Map<Long, Registration> running = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final ScheduledFuture<?> sweeper;

	Heartbeat(ScheduledExecutorService scheduler) {
		long period = RESOLUTION.toMillis();
		this.sweeper = scheduler.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
	}

	/** Starts beating every {@code interval}; close the returned handle when handling is done. */
	Beat start(Duration interval, Runnable tick) {
		long id = this.ids.incrementAndGet();
		long intervalNanos = Math.max(interval.toNanos(), RESOLUTION.toNanos());
		this.running.put(id, new Registration(tick, intervalNanos, System.nanoTime() + intervalNanos));
		return () -> this.running.remove(id);
	}

	private void sweep() {
		long now = System.nanoTime();
		for (Registration registration : this.running.values()) {
			if (now - registration.nextBeatAt >= 0) {
				registration.nextBeatAt = now + registration.intervalNanos;
				try {
					registration.tick.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Heartbeat tick failed: {}", ex.toString());
				}
			}
		}
	}

	@Override
	public void close() {
		this.sweeper.cancel(false);
	}

	/** A running heartbeat. */
	@FunctionalInterface
	interface Beat extends AutoCloseable {

		@Override
		void close();

	}

	private static final class Registration {

		final Runnable tick;

		final long intervalNanos;

		volatile long nextBeatAt;

		Registration(Runnable tick, long intervalNanos, long nextBeatAt) {
			this.tick = tick;
			this.intervalNanos = intervalNanos;
			this.nextBeatAt = nextBeatAt;
		}

	}

}
