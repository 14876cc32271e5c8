package dev.ferry.test.aws;

/**
 * What became of one message for one subscription or target, as recorded by a stand-in's
 * {@link DeliveryJournal}. Lets a test wait for "lost" as positively as for "delivered".
 *
 * @param messageId the SNS message id or EventBridge event id
 * @param source the topic or rule ARN
 * @param destination the subscription ARN or target id
 * @param outcome what happened
 * @param detail the endpoint, the dead-letter queue, or why the message was lost
 */
public record DeliveryRecord(String messageId, String source, String destination, Outcome outcome, String detail) {

	/** What happened to the message. */
	public enum Outcome {

		/** Delivered to the subscribed endpoint or target. */
		DELIVERED,

		/** Did not match the filter policy or event pattern; nothing sent. */
		FILTERED_OUT,

		/** Delivery failed and the message went to the dead-letter queue. */
		DEAD_LETTERED,

		/** Delivery failed and the message is gone, as AWS would discard it. */
		LOST

	}

}
