package dev.ferry.core.engine;

import java.time.Duration;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running listener: a subscription on its destination's transport feeding its pipeline.
 * Started and stopped by {@link Ferry}; stopping is graceful (see {@link Subscription#stop}).
 *
 * <p>An operator may {@link #pause()} a running listener: it stops receiving exactly as on shutdown
 * (in-flight work finishes, or is released back to the transport) and stays paused until
 * {@link #resume()}, even when Ferry is started again.
 */
public final class ListenerContainer {

	private static final Logger logger = LoggerFactory.getLogger(ListenerContainer.class);

	private final ListenerDefinition definition;

	private final Destination destination;

	private final Subscription subscription;

	private final ListenerStats stats;

	private final Duration pauseTimeout;

	private boolean paused;

	ListenerContainer(ListenerDefinition definition, Destination destination, Subscription subscription,
			ListenerStats stats, Duration pauseTimeout) {
		this.definition = definition;
		this.destination = destination;
		this.subscription = subscription;
		this.stats = stats;
		this.pauseTimeout = pauseTimeout;
	}

	public String id() {
		return this.definition.id();
	}

	public ListenerDefinition definition() {
		return this.definition;
	}

	public Destination destination() {
		return this.destination;
	}

	/** Counts of what this listener has done. */
	public ListenerStats stats() {
		return this.stats;
	}

	public synchronized void start() {
		if (!this.paused && !this.subscription.isRunning()) {
			this.subscription.start();
			logger.info("Listener {} started on {}/{} ({})", id(), this.destination.transport(), this.destination.name(),
					this.destination.resource());
		}
	}

	/** Stops receiving, waiting up to {@code timeout} for in-flight work. */
	public synchronized void stop(Duration timeout) {
		if (this.subscription.isRunning()) {
			this.subscription.stop(timeout);
			logger.info("Listener {} stopped", id());
		}
	}

	/**
	 * Stops receiving until {@link #resume()}; in-flight work finishes within the shutdown timeout or
	 * is released back to the transport. Idempotent.
	 */
	public synchronized void pause() {
		if (this.paused) {
			return;
		}
		this.paused = true;
		if (this.subscription.isRunning()) {
			this.subscription.pause(this.pauseTimeout);
		}
		logger.info("Listener {} paused", id());
	}

	/** Receives again after {@link #pause()}. Idempotent. */
	public synchronized void resume() {
		if (!this.paused) {
			return;
		}
		this.paused = false;
		this.subscription.start();
		logger.info("Listener {} resumed", id());
	}

	public boolean isRunning() {
		return this.subscription.isRunning();
	}

	/** {@code RUNNING}, {@code PAUSED} or {@code STOPPED}. */
	public synchronized State state() {
		if (this.paused) {
			return State.PAUSED;
		}
		return this.subscription.isRunning() ? State.RUNNING : State.STOPPED;
	}

	/** Lifecycle state of a listener. */
	public enum State {

		RUNNING, PAUSED, STOPPED

	}

}
