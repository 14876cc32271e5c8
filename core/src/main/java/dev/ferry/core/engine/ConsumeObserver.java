package dev.ferry.core.engine;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.message.InboundMessage;

/**
 * Told about every outcome the pipeline decides; metrics hang off this. Must be fast and must
 * not throw.
 */
@FunctionalInterface
public interface ConsumeObserver {

	ConsumeObserver NONE = (listenerId, message, outcome, nanos) -> {
	};

	/**
	 * @param listenerId the listener
	 * @param message the message
	 * @param outcome what was decided
	 * @param nanos time spent on the message in the pipeline (for a batch: the batch's time)
	 */
	void onOutcome(String listenerId, InboundMessage message, Outcome outcome, long nanos);

}
