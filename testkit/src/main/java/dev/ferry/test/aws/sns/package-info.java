/**
 * Local Amazon SNS stand-in: the AWS Query protocol spoken by the SDK v2 {@code SnsClient},
 * topics, subscriptions, filter policies, signed envelopes, delivery to Amazon SQS and HTTP
 * endpoints, and subscription dead-letter queues. Started through {@link dev.ferry.test.aws.LocalAws}.
 */
@NullMarked
package dev.ferry.test.aws.sns;

import org.jspecify.annotations.NullMarked;
