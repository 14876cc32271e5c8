/**
 * Ferry's sample service: publishes {@link dev.ferry.samples.orders.OrderPlaced} over HTTP and
 * consumes it with an idempotent listener, a batch listener and a dead-letter listener.
 */
@NullMarked
package dev.ferry.samples.orders;

import org.jspecify.annotations.NullMarked;
