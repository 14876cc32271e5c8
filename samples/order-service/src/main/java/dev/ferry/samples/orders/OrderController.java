package dev.ferry.samples.orders;

import java.util.Map;

import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.MessagePublisher;
import dev.ferry.core.publish.PublishReceipt;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} publishes {@link OrderPlaced} to the logical destination {@code orders};
 * {@code GET /orders/{id}} shows what happened to it; {@code GET /stats} counts consume outcomes.
 */
@RestController
public class OrderController {

	private final MessagePublisher publisher;

	private final OrderBook book;

	private final ConsumeStats stats;

	public OrderController(MessagePublisher publisher, OrderBook book, ConsumeStats stats) {
		this.publisher = publisher;
		this.book = book;
		this.stats = stats;
	}

	@PostMapping("/orders")
	public ResponseEntity<Map<String, String>> place(@RequestBody OrderPlaced order) {
		if (order.orderId() == null || order.orderId().isBlank() || order.item() == null || order.item().isBlank()) {
			// Refused before anything is published: the listener never sees an order it cannot track.
			return ResponseEntity.badRequest()
				.body(Map.of("error", "orderId and item are required, e.g. {\"orderId\":\"o-1\",\"item\":\"coffee\","
						+ "\"quantity\":2}"));
		}
		this.book.placed(order.orderId());
		// The order id is the deduplication id: a client retrying the POST does not process twice.
		PublishReceipt receipt = this.publisher.publish(OutboundMessage.to("orders")
			.payload(order)
			.key(order.orderId())
			.deduplicationId(order.orderId())
			.build());
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(Map.of("orderId", order.orderId(), "messageId", receipt.messageId()));
	}

	@GetMapping("/orders/{id}")
	public ResponseEntity<OrderBook.OrderState> order(@PathVariable String id) {
		return ResponseEntity.of(this.book.find(id));
	}

	@GetMapping("/stats")
	public Map<String, Long> stats() {
		return this.stats.snapshot();
	}

}
