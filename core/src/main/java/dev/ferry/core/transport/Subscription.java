package dev.ferry.core.transport;

import java.time.Duration;

/**
 * A running (or stoppable) flow of messages from one destination into one processor.
 */
public interface Subscription {

	/** Starts receiving. Idempotent. */
	void start();

	/**
	 * Stops receiving and waits up to {@code timeout} for in-flight batches to finish and their
	 * outcomes to be applied. Messages not finished by then are released back to the transport
	 * (made visible again, offset not committed) so nothing is lost.
	 */
	void stop(Duration timeout);

	/**
	 * Stops receiving for an operator's pause: like {@link #stop}, except that a transport may let a
	 * receive already on the wire end rather than abort it, so nothing that receive returns is held
	 * invisible (it is handed back at once). May take up to one poll timeout longer than {@link #stop}.
	 */
	default void pause(Duration timeout) {
		stop(timeout);
	}

	boolean isRunning();

}
