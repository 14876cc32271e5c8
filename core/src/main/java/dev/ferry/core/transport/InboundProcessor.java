package dev.ferry.core.transport;

import java.util.List;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.message.InboundMessage;

/**
 * Ferry's side of a subscription: turns received messages into outcomes. Implemented by the
 * engine's pipeline; called by transports on their own threads.
 */
@FunctionalInterface
public interface InboundProcessor {

	/**
	 * Processes a batch and returns one outcome per message, in the same order. Blocks until
	 * handling is done. Never throws: every failure becomes an outcome.
	 */
	List<Outcome> process(List<InboundMessage> batch);

}
