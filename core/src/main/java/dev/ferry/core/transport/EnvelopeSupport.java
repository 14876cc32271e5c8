package dev.ferry.core.transport;

import dev.ferry.core.destination.Destination;

/**
 * A transport whose messages may be read from another transport's queue: it contributes the
 * decoding of such a queue. Named by a destination's {@code envelope}, or used for the
 * subscription queues of a {@link PublishOnlyTransport}.
 */
public interface EnvelopeSupport {

	/** Name of the transport, as in {@link Transport#name()}. */
	String name();

	/**
	 * How messages read from {@code queue} are decoded.
	 * @param queue a destination of the queue transport whose {@code envelope} names this transport
	 */
	InboundDecoding decoding(Destination queue);

}
