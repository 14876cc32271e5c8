package dev.ferry.samples.orders;

/**
 * Event published when an order is accepted over HTTP.
 *
 * @param orderId the order's id, also its deduplication id: placing the same order twice is
 * suppressed by the listener
 * @param item what was ordered
 * @param quantity how many; a negative quantity is a poison order that goes to the dead-letter queue
 */
public record OrderPlaced(String orderId, String item, int quantity) {
}
