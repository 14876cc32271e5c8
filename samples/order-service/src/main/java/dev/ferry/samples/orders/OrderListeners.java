package dev.ferry.samples.orders;

import java.util.List;

import dev.ferry.core.consume.BatchResult;
import dev.ferry.core.consume.Delivery;
import dev.ferry.core.consume.FerryListener;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.consume.NonRetryableException;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.MessagePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The sample's consumers:
 * <ul>
 * <li>{@code orders}: idempotent, so a duplicate of an order is suppressed by Ferry (its log says
 * "suppressed as a duplicate"); a negative quantity is poison and goes straight to the dead-letter
 * queue;</li>
 * <li>{@code invoices}: a batch listener that fails only the items it cannot invoice
 * ({@link BatchResult}); those are retried, the others are done;</li>
 * <li>{@code orders-dlq}: reads what reached the dead-letter queue, with the {@link DeadLetterInfo}
 * saying why.</li>
 * </ul>
 */
@Component
public class OrderListeners {

	private static final Logger logger = LoggerFactory.getLogger(OrderListeners.class);

	/** Invoices above this many cents fail the (simulated) credit check. */
	static final long CREDIT_LIMIT_CENTS = 100_000;

	private static final long PRICE_CENTS = 1_250;

	/** Orders of at least this many items are "large" order events. */
	static final int LARGE_ORDER = 10;

	private final OrderBook book;

	private final MessagePublisher publisher;

	public OrderListeners(OrderBook book, MessagePublisher publisher) {
		this.book = book;
		this.publisher = publisher;
	}

	@FerryListener(destination = "orders", id = "orders")
	public void onOrder(OrderPlaced order, MessageContext context) {
		if (order.quantity() < 0) {
			// Retrying cannot fix this: NonRetryableException dead-letters at once.
			throw new NonRetryableException("order " + order.orderId() + " has a negative quantity");
		}
		this.book.processed(order.orderId());
		logger.info("order {} processed (message {}, attempt {})", order.orderId(), context.messageId(),
				context.attempt());
		this.publisher.publish("invoices", new InvoiceRequested(order.orderId(), order.quantity() * PRICE_CENTS));
		// one event, fanned out to every subscriber of order-events; "size" is what subscriptions filter on
		this.publisher.publish(OutboundMessage.to("order-events")
			.payload(order)
			.header("size", order.quantity() >= LARGE_ORDER ? "large" : "small")
			.build());
	}

	@FerryListener(destination = "invoices", id = "invoices", batch = true, maxBatchSize = 10)
	public BatchResult onInvoices(List<Delivery<InvoiceRequested>> batch) {
		BatchResult.Builder result = BatchResult.builder();
		for (Delivery<InvoiceRequested> delivery : batch) {
			InvoiceRequested invoice = delivery.payload();
			boolean ok = invoice.amountCents() <= CREDIT_LIMIT_CENTS;
			this.book.invoiceAttempted(invoice.orderId(), ok);
			if (ok) {
				logger.info("order {} invoiced", invoice.orderId());
			}
			else {
				// Only this item fails; the rest of the batch is acknowledged.
				result.fail(delivery, new IllegalStateException("credit check failed for order " + invoice.orderId()));
			}
		}
		return result.build();
	}

	@FerryListener(destination = "orders-dlq", id = "orders-dead-letters")
	public void onDeadLetter(Delivery<OrderPlaced> delivery) {
		DeadLetterInfo info = delivery.context().deadLetterInfo().orElse(null);
		String reason = info != null ? info.reason() : "unknown";
		logger.warn("order {} dead-lettered: reason={}, code={}, exception={}, attempts={}",
				delivery.payload().orderId(), reason, info != null ? info.errorCode() : null,
				info != null ? info.exceptionType() : null, info != null ? info.attempts() : 0);
		this.book.deadLettered(delivery.payload().orderId(), reason);
	}

}
