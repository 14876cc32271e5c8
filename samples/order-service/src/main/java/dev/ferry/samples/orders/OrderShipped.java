package dev.ferry.samples.orders;

/**
 * An order left the warehouse. Published on EventBridge: its fields are the event's {@code detail},
 * so rules match on {@code detail.service}, {@code detail.carrier}, ...
 *
 * @param orderId the order
 * @param carrier who carries it
 * @param service {@code express} or {@code standard}
 */
public record OrderShipped(String orderId, String carrier, String service) {
}
