/**
 * An {@code IdempotencyStore} on an Amazon DynamoDB table, shared by every instance of a service:
 * one item per key, every state change a conditional write, expired items removed by DynamoDB's
 * time to live.
 */
@NullMarked
package dev.ferry.idempotency.dynamodb;

import org.jspecify.annotations.NullMarked;
