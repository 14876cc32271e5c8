package dev.ferry.core.transport;

/**
 * What a transport can do, so the engine and the contract suite adapt instead of guessing.
 *
 * @param orderedPerKey messages with the same key are delivered in publish order and a failure
 * holds back later messages of the key (FIFO queues, Kafka partitions, Kinesis shards)
 * @param nativeDeadLetter the transport itself moves a message to a dead-letter destination after
 * too many receives (SQS redrive policy); otherwise Ferry sends it there
 * @param redeliveryDelay a retry can be delayed per message (SQS visibility); otherwise retries
 * back off in place
 * @param publishDelay {@code OutboundMessage.delay} is honoured
 * @param deduplication the transport drops a second publish with the same deduplication id
 * @param maxBatchSize largest batch a single receive or send holds on the wire
 */
public record TransportCapabilities(boolean orderedPerKey, boolean nativeDeadLetter, boolean redeliveryDelay,
		boolean publishDelay, boolean deduplication, int maxBatchSize) {

}
