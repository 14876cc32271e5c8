package dev.ferry.core.consume;

import java.util.List;

/**
 * Handles a batch and says which items failed. Throwing fails the whole batch.
 *
 * @param <T> payload type
 */
@FunctionalInterface
public interface BatchDeliveryHandler<T> {

	BatchResult handle(List<Delivery<T>> batch) throws Exception;

}
