package dev.ferry.autoconfigure.local;

import java.util.List;

import org.apache.commons.logging.Log;

/**
 * The stand-ins {@code ferry.local} started for one application, registered as a bean so they
 * stop when the context closes: after the lifecycle phase has stopped every listener, so the
 * listeners' last acknowledgements still reach them.
 */
public final class LocalStandIns implements AutoCloseable {

	/** Bean name of the registered instance. */
	public static final String BEAN_NAME = "ferryLocalStandIns";

	private final List<LocalStandIn.Started> started;

	private final Log logger;

	LocalStandIns(List<LocalStandIn.Started> started, Log logger) {
		this.started = List.copyOf(started);
		this.logger = logger;
	}

	/** The running stand-ins. */
	public List<LocalStandIn.Started> started() {
		return this.started;
	}

	@Override
	public void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			LocalStandIn.Started standIn = this.started.get(i);
			try {
				standIn.close();
			}
			catch (RuntimeException ex) {
				this.logger.warn("Local stand-in did not stop cleanly: " + standIn.description(), ex);
			}
		}
	}

}
