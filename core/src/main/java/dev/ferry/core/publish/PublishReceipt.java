package dev.ferry.core.publish;

import java.util.Map;

/**
 * Proof that a transport accepted a message.
 *
 * @param messageId Ferry's message id
 * @param destination logical destination
 * @param transportMessageId the transport's id (SQS MessageId, Kafka topic-partition@offset)
 * @param metadata transport details (sequence number, partition, offset)
 */
public record PublishReceipt(String messageId, String destination, String transportMessageId,
		Map<String, String> metadata) {

	public PublishReceipt {
		metadata = Map.copyOf(metadata);
	}

}
