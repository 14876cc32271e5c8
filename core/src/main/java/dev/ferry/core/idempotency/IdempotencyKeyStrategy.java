package dev.ferry.core.idempotency;

import dev.ferry.core.consume.MessageContext;
import org.jspecify.annotations.Nullable;

/**
 * Derives the idempotency key of a message. The default uses the deduplication id given at
 * publish, else Ferry's message id.
 */
@FunctionalInterface
public interface IdempotencyKeyStrategy {

	IdempotencyKeyStrategy DEFAULT = (payload, context) -> context.deduplicationId() != null
			? context.deduplicationId() : context.messageId();

	/** The key, or null to process the message without idempotency. */
	@Nullable String keyFor(Object payload, MessageContext context);

}
