package dev.ferry.core.transport;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a transport says about one message it was asked to send. Every message handed to
 * {@link Transport#send} gets exactly one result, in the same order.
 */
public sealed interface SendResult {

	/** Ferry's id of the message this result is for. */
	String messageId();

	/**
	 * The transport accepted the message.
	 *
	 * @param transportMessageId the transport's id (SQS MessageId, Kafka topic-partition@offset)
	 * @param metadata transport details (sequence number, partition, offset)
	 */
	record Accepted(String messageId, String transportMessageId, Map<String, String> metadata) implements SendResult {

		public Accepted {
			metadata = Map.copyOf(metadata);
		}

	}

	/**
	 * The transport did not accept the message.
	 *
	 * @param errorCode the transport's error code, or a Ferry code such as {@code PayloadTooLarge}
	 * @param reason readable reason
	 * @param retryable whether sending it again may succeed
	 * @param cause the underlying exception, if any
	 */
	record Rejected(String messageId, String errorCode, String reason, boolean retryable,
			@Nullable Throwable cause) implements SendResult {
	}

}
