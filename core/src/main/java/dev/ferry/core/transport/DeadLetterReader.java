package dev.ferry.core.transport;

import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.message.InboundMessage;
import org.jspecify.annotations.Nullable;

/**
 * Says what a publishing service attached to a message it could not deliver (EventBridge's
 * {@code RULE_ARN} / {@code ERROR_CODE} attributes, an SNS subscription's redrive), where the
 * queue transport found nothing itself. Contributed by the publishing transport through
 * {@link EnvelopeSupport}.
 */
@FunctionalInterface
public interface DeadLetterReader {

	/** Reads nothing. */
	DeadLetterReader NONE = (delivered, read) -> null;

	/**
	 * @param delivered the message as the queue delivered it (queue attributes among its headers
	 * and attributes)
	 * @param read the message after the {@link EnvelopeReader}
	 * @return what is known about it as a dead letter, or null when it is not one
	 */
	@Nullable DeadLetterInfo read(InboundMessage delivered, InboundMessage read);

}
