/**
 * Amazon EventBridge adapter: {@link dev.ferry.transport.eventbridge.EventBridgeTransport} publishes
 * with PutEvents (the JSON payload is the event's {@code detail}, so rule patterns on
 * {@code detail.*} work), and events are consumed through a rule whose target is an SQS queue: this
 * package contributes the reader of the EventBridge event envelope and of the attributes EventBridge
 * puts on events in a target's dead-letter queue, provisions bus, rule, target queue and its
 * dead-letter queue when asked, and inspects them for production readiness.
 */
@NullMarked
package dev.ferry.transport.eventbridge;

import org.jspecify.annotations.NullMarked;
