package dev.ferry.core.publish;

import dev.ferry.core.message.OutboundMessage;
import org.jspecify.annotations.Nullable;

/**
 * The result of one entry of {@link MessagePublisher#publishAll}: a receipt or a failure.
 *
 * @param index position of the message in the request
 * @param message the message
 * @param receipt set when accepted
 * @param failure set when not accepted
 */
public record PublishEntryResult(int index, OutboundMessage message, @Nullable PublishReceipt receipt,
		@Nullable PublishException failure) {

	public PublishEntryResult {
		if ((receipt == null) == (failure == null)) {
			throw new IllegalArgumentException("exactly one of receipt and failure must be set");
		}
	}

	public boolean succeeded() {
		return this.receipt != null;
	}

}
