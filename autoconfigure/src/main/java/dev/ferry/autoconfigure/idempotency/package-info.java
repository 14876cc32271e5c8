/**
 * Auto-configuration of the shared idempotency stores: {@code ferry.idempotency.store} picks
 * DynamoDB or JDBC instead of the in-memory default.
 */
@NullMarked
package dev.ferry.autoconfigure.idempotency;

import org.jspecify.annotations.NullMarked;
