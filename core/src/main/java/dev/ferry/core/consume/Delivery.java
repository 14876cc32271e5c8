package dev.ferry.core.consume;

/**
 * A converted payload with its context: one item of a batch.
 *
 * @param payload the payload converted to the listener's parameter type
 * @param context what is known about the message
 * @param <T> payload type
 */
public record Delivery<T>(T payload, MessageContext context) {

	public String messageId() {
		return this.context.messageId();
	}

}
