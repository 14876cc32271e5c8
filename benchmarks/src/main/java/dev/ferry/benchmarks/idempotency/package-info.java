/**
 * The {@code idempotency-stores} scenario: what a shared idempotency store costs per message.
 */
@NullMarked
package dev.ferry.benchmarks.idempotency;

import org.jspecify.annotations.NullMarked;
