/**
 * In-process stand-ins for Amazon SNS and Amazon EventBridge that speak the wire protocols
 * of the AWS SDK v2 clients and deliver into an embedded ElasticMQ (Amazon SQS) server.
 *
 * <p>{@link dev.ferry.test.aws.LocalAws} is the entry point; {@link dev.ferry.test.aws.LocalAwsExtension}
 * wires it into JUnit 5. Behaviour follows the AWS documentation named in
 * {@code docs/local-development.md}; anything the stand-ins do not implement is rejected with an
 * error naming the operation or parameter.
 */
@NullMarked
package dev.ferry.test.aws;

import org.jspecify.annotations.NullMarked;
