package dev.ferry.samples.orders;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ferry.core.consume.FerryListener;
import dev.ferry.core.consume.MessageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Two subscribers of {@code order-events}, standing in for two services: shipping sees every
 * processed order, loyalty only large ones. Which topic, which queues and which filter is
 * configuration ({@code ferry.destinations.order-events} in application.yml); each listener id is its
 * own subscriber, so both receive the same event.
 */
@Component
public class OrderEventListeners {

	private static final Logger logger = LoggerFactory.getLogger(OrderEventListeners.class);

	private final Map<String, List<String>> seen = new ConcurrentHashMap<>();

	@FerryListener(destination = "order-events", id = "shipping")
	public void ship(OrderPlaced order, MessageContext context) {
		record("shipping", order);
	}

	@FerryListener(destination = "order-events", id = "loyalty")
	public void reward(OrderPlaced order, MessageContext context) {
		record("loyalty", order);
	}

	/** Order ids each listener received, in order of arrival. */
	public List<String> seenBy(String listener) {
		return List.copyOf(this.seen.getOrDefault(listener, List.of()));
	}

	private void record(String listener, OrderPlaced order) {
		logger.info("{} received order event {}", listener, order.orderId());
		this.seen.computeIfAbsent(listener, key -> new CopyOnWriteArrayList<>()).add(order.orderId());
	}

}
