/**
 * The idempotency store contract suite: what every {@code IdempotencyStore} must do, run against
 * the in-memory, JDBC and DynamoDB stores alike.
 */
@NullMarked
package dev.ferry.test.idempotency;

import org.jspecify.annotations.NullMarked;
