package dev.ferry.test.aws;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * One message a stand-in sends to an SQS queue.
 *
 * @param body the message body
 * @param attributes SQS message attributes
 * @param groupId the FIFO message group id, or {@code null}
 * @param deduplicationId the FIFO deduplication id, or {@code null}
 */
public record QueueMessage(String body, Map<String, MessageAttributeValue> attributes, @Nullable String groupId,
		@Nullable String deduplicationId) {

	/**
	 * @param body the body
	 * @return a message with a body only
	 */
	public static QueueMessage of(String body) {
		return new QueueMessage(body, Map.of(), null, null);
	}

}
