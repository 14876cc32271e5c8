package dev.ferry.core.transport;

import java.util.Objects;

import dev.ferry.core.destination.Destination;

/**
 * How one listener consumes a destination of a {@link PublishOnlyTransport}: from its own queue,
 * subscribed to the destination, decoded by the publishing transport. Each listener id is its own
 * subscriber, so two listeners of one destination never share a queue.
 *
 * @param listenerId the listener this route is for
 * @param source the destination as configured (on the publishing transport)
 * @param queue the subscription queue as a destination of the queue transport; it keeps the
 * source's logical name and consumer policies, so handlers see the destination they listen to
 * @param decoding how the queue's messages are read
 */
public record QueueRoute(String listenerId, Destination source, Destination queue, InboundDecoding decoding) {

	public QueueRoute {
		Objects.requireNonNull(listenerId, "listenerId");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(queue, "queue");
		Objects.requireNonNull(decoding, "decoding");
	}

	/** {@code transport/resource} of the queue, what two routes must not share. */
	public String queueReference() {
		return this.queue.transport() + "/" + this.queue.resource();
	}

}
