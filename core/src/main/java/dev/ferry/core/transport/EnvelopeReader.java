package dev.ferry.core.transport;

import dev.ferry.core.message.InboundMessage;

/**
 * Unwraps what a queue delivered into the message as it was published: the publishing
 * transport's part of consuming through a queue (SNS notification envelope or raw delivery,
 * EventBridge event envelope). Contributed by the publishing transport through
 * {@link EnvelopeSupport}; applied by the queue transport's receiver to every message before
 * Ferry's pipeline sees it.
 */
@FunctionalInterface
public interface EnvelopeReader {

	/** Reads messages as delivered: what is published to a queue directly. */
	EnvelopeReader NONE = delivered -> delivered;

	/**
	 * The published message inside the delivery: payload, headers, id, timestamps, and the
	 * envelope's metadata among the attributes. Keeps the delivery's transport id, attempt,
	 * ordering group, delivery control and dead-letter information.
	 * @throws dev.ferry.core.convert.DeserializationException when the delivery cannot be read (it
	 * goes to the dead-letter path, never back to the queue)
	 */
	InboundMessage read(InboundMessage delivered);

}
