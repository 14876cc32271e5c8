/**
 * Amazon SNS adapter: {@link dev.ferry.transport.sns.SnsTransport} publishes to topics with
 * PublishBatch and is consumed through one SQS subscription queue per listener id, whose messages
 * (raw or in the SNS notification envelope, optionally signature-checked) it decodes; it creates
 * topics, queues, dead-letter queues, their policies and subscriptions only when provisioning is
 * switched on, and inspects them for production readiness.
 */
@NullMarked
package dev.ferry.transport.sns;

import org.jspecify.annotations.NullMarked;
