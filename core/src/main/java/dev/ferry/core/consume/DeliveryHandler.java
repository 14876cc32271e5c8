package dev.ferry.core.consume;

/**
 * Handles one message. Returning normally means success; throwing means failure, classified by
 * the {@link ErrorClassifier} as retryable or not.
 *
 * @param <T> payload type
 */
@FunctionalInterface
public interface DeliveryHandler<T> {

	void handle(T payload, MessageContext context) throws Exception;

}
