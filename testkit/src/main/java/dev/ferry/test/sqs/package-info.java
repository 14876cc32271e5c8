/**
 * Amazon SQS stand-in for tests and local runs: {@link dev.ferry.test.sqs.ElasticMqServer} runs
 * ElasticMQ in-process, {@link dev.ferry.test.sqs.LocalSqsExtension} shares one per test run with
 * JUnit 5 tests.
 */
@NullMarked
package dev.ferry.test.sqs;

import org.jspecify.annotations.NullMarked;
