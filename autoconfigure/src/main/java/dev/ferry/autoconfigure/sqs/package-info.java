/**
 * Auto-configuration of Ferry's SQS transport on top of Spring Cloud AWS's {@code SqsAsyncClient}.
 */
@NullMarked
package dev.ferry.autoconfigure.sqs;

import org.jspecify.annotations.NullMarked;
