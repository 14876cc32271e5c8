package dev.ferry.samples.orders;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ferry.core.consume.FerryListener;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.publish.MessagePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code order-shipped} runs on Amazon EventBridge by configuration only (application.yml):
 * {@code POST /shipments} publishes an {@link OrderShipped} event, and the listener below receives,
 * through its own rule and target queue, only the events the rule's pattern on {@code detail}
 * selects (express shipments). The code is what it would be on SQS.
 */
@RestController
public class ShippingNotifications {

	private static final Logger logger = LoggerFactory.getLogger(ShippingNotifications.class);

	private final MessagePublisher publisher;

	private final List<OrderShipped> notified = new CopyOnWriteArrayList<>();

	public ShippingNotifications(MessagePublisher publisher) {
		this.publisher = publisher;
	}

	@PostMapping("/shipments")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public void ship(@RequestBody OrderShipped shipped) {
		this.publisher.publish("order-shipped", shipped);
	}

	@FerryListener(destination = "order-shipped", id = "express-notifications")
	public void onShipped(OrderShipped shipped, MessageContext context) {
		this.notified.add(shipped);
		logger.info("express shipment of order {} with {} (event {})", shipped.orderId(), shipped.carrier(),
				context.transportAttributes().get("eventbridge.id"));
	}

	@GetMapping("/shipments/notified")
	public List<OrderShipped> notified() {
		return List.copyOf(this.notified);
	}

}
