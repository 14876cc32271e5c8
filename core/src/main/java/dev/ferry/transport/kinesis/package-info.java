/**
 * Amazon Kinesis Data Streams adapter: {@link dev.ferry.transport.kinesis.KinesisTransport}
 * publishes with PutRecords (auto-batched, per-record results, per-key order kept through partial
 * failures) and consumes on the Kinesis Client Library 3.x (leases and checkpoints in DynamoDB),
 * mapping Ferry's outcomes to checkpoints, in-place retries and a dead-letter destination.
 */
@NullMarked
package dev.ferry.transport.kinesis;

import org.jspecify.annotations.NullMarked;
