package dev.ferry.core.observation;

import java.util.Map;

import dev.ferry.core.message.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Carries trace context across messages, independent of the transport. At publish the engine asks
 * {@link #publish} per message for the headers of the current context ({@link Publication#inject()},
 * for example W3C {@code traceparent} and {@code tracestate}) and adds those the application did
 * not set itself; at consume it calls {@link #open} around the handler, which makes the context
 * read from the received headers current until the scope is closed.
 *
 * <p>Implementations never throw from these methods' results; {@link #none()} does nothing at all
 * and is what Ferry uses unless tracing is configured.
 */
public interface TracePropagation {

	/** Outcome value of a publish the transport accepted. */
	String ACCEPTED = "accepted";

	/** Outcome value of a publish that failed or was refused. */
	String REJECTED = "rejected";

	/**
	 * Starts the publication of one message to a destination carried by the named transport.
	 * The caller must {@link Publication#stop stop} what this returns.
	 */
	Publication publish(String destination, String transport);

	/**
	 * Opens the processing of received messages whose trace context is in {@code headers} (for a
	 * batch: the first message's headers). The context is current on the calling thread until the
	 * scope is closed, on the same thread.
	 */
	Scope open(Headers headers, String destination, String transport, String listener);

	/** Propagation that adds no headers and opens no context: zero cost. */
	static TracePropagation none() {
		return NoTracePropagation.INSTANCE;
	}

	/** The publication of one message. */
	interface Publication {

		/** Headers carrying the trace context to the consumer; empty when there is none. */
		Map<String, String> inject();

		/**
		 * Ends the publication.
		 * @param outcome {@link #ACCEPTED} or {@link #REJECTED}
		 * @param error why it was rejected, if known
		 */
		void stop(String outcome, @Nullable Throwable error);

	}

	/** The processing of received messages; current on its thread until closed. */
	interface Scope extends AutoCloseable {

		/** Records the outcome ("ack", "retry", "reject") before the scope closes. */
		void outcome(String outcome);

		/** Records the failure the handler raised. */
		void error(Throwable error);

		/** Ends the processing and restores the context that was current before. Never throws. */
		@Override
		void close();

	}

}
