package dev.ferry.samples.orders;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What the service knows about each order, in memory: the state {@code GET /orders/{id}} shows.
 */
@Component
public class OrderBook {

	/** Where an order is. */
	public enum Status {

		/** Published, not handled yet. */
		PLACED,
		/** Handled by the order listener. */
		PROCESSED,
		/** Invoiced by the batch listener. */
		INVOICED,
		/** Given up on: it is in the dead-letter queue. */
		DEAD_LETTERED

	}

	/**
	 * One order's state.
	 *
	 * @param orderId the order
	 * @param status where it is
	 * @param timesProcessed how often the order listener ran its business logic (1 with idempotency)
	 * @param invoiceAttempts how often the batch listener tried to invoice it
	 * @param deadLetterReason why it was dead-lettered, when it was
	 */
	public record OrderState(String orderId, Status status, int timesProcessed, int invoiceAttempts,
			@Nullable String deadLetterReason) {
	}

	private final Map<String, OrderState> orders = new ConcurrentHashMap<>();

	public void placed(String orderId) {
		this.orders.putIfAbsent(orderId, new OrderState(orderId, Status.PLACED, 0, 0, null));
	}

	public void processed(String orderId) {
		update(orderId, state -> new OrderState(orderId, Status.PROCESSED, state.timesProcessed() + 1,
				state.invoiceAttempts(), null));
	}

	public void invoiceAttempted(String orderId, boolean invoiced) {
		update(orderId, state -> new OrderState(orderId, invoiced ? Status.INVOICED : state.status(),
				state.timesProcessed(), state.invoiceAttempts() + 1, null));
	}

	public void deadLettered(String orderId, String reason) {
		update(orderId, state -> new OrderState(orderId, Status.DEAD_LETTERED, state.timesProcessed(),
				state.invoiceAttempts(), reason));
	}

	public Optional<OrderState> find(String orderId) {
		return Optional.ofNullable(this.orders.get(orderId));
	}

	private void update(String orderId, java.util.function.UnaryOperator<OrderState> change) {
		this.orders.compute(orderId, (id, state) -> change
			.apply(state != null ? state : new OrderState(id, Status.PLACED, 0, 0, null)));
	}

}
