package dev.ferry.core.publish;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.ferry.core.message.OutboundMessage;

/**
 * Publishes messages to logical destinations. The destination's transport is chosen by
 * configuration; code never names a queue, topic or stream.
 *
 * <p>A caller always learns which messages were not accepted: {@link #publish} throws,
 * {@link #publishAsync} completes exceptionally, {@link #publishAll} reports each entry. Nothing
 * is dropped silently.
 */
public interface MessagePublisher {

	/**
	 * Publishes one message and waits until the transport accepted it.
	 * @throws PublishException when it was not accepted (oversize, unknown destination, transport
	 * refusal), naming the destination and the reason
	 */
	PublishReceipt publish(OutboundMessage message);

	/** Publishes a payload with no headers or hints. */
	default PublishReceipt publish(String destination, Object payload) {
		return publish(OutboundMessage.of(destination, payload));
	}

	/** Publishes one message without waiting; completes exceptionally with a {@link PublishException}. */
	CompletableFuture<PublishReceipt> publishAsync(OutboundMessage message);

	/**
	 * Publishes many messages (possibly to several destinations), batched on the wire per
	 * destination. Never throws for a failed entry: the result has one entry per message, in order.
	 */
	BatchPublishResult publishAll(List<OutboundMessage> messages);

}
