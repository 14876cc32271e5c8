/**
 * Local Amazon EventBridge stand-in: the AWS JSON 1.1 protocol spoken by the SDK v2
 * {@code EventBridgeClient}, event buses, rules matched with AWS's event-ruler, Amazon SQS
 * targets with retry policies and dead-letter queues, and fault injection for PutEvents.
 * Started through {@link dev.ferry.test.aws.LocalAws}.
 */
@NullMarked
package dev.ferry.test.aws.eventbridge;

import org.jspecify.annotations.NullMarked;
