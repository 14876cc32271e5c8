package dev.ferry.core.engine;

import java.time.Duration;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running listener: a subscription on its destination's transport feeding its pipeline.
 * Started and stopped by {@link Ferry}; stopping is graceful (see {@link Subscription#stop}).
 */
public final class ListenerContainer {

	private static final Logger logger = LoggerFactory.getLogger(ListenerContainer.class);

	private final ListenerDefinition definition;

	private final Destination destination;

	private final Subscription subscription;

	ListenerContainer(ListenerDefinition definition, Destination destination, Subscription subscription) {
		this.definition = definition;
		this.destination = destination;
		this.subscription = subscription;
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

	public synchronized void start() {
		if (!this.subscription.isRunning()) {
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

	public boolean isRunning() {
		return this.subscription.isRunning();
	}

}
