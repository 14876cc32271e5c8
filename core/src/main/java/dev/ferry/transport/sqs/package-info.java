/**
 * Amazon SQS adapter: {@link dev.ferry.transport.sqs.SqsTransport} publishes with SendMessageBatch,
 * receives with a long-polling loop on {@code SqsAsyncClient}, maps Ferry's outcomes to delete /
 * change visibility / send to the dead-letter queue, inspects queues for production readiness and
 * creates missing ones only when provisioning is switched on.
 */
@NullMarked
package dev.ferry.transport.sqs;

import org.jspecify.annotations.NullMarked;
