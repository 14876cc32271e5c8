/**
 * SQS scenarios against an in-process ElasticMQ: {@code sqs-publish} and {@code sqs-consume}.
 */
@NullMarked
package dev.ferry.benchmarks.sqs;

import org.jspecify.annotations.NullMarked;
