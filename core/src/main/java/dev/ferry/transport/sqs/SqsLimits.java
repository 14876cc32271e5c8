package dev.ferry.transport.sqs;

import java.time.Duration;

/**
 * Service limits of Amazon SQS that Ferry relies on, each with the AWS page it comes from. The ones
 * a user may need to change (message size) are defaults of {@link SqsOptions}, not used directly.
 */
public final class SqsLimits {

	/**
	 * Largest message (body plus attribute names, types and values), 1 MiB since 2025-08-04.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
	 */
	public static final long MAX_MESSAGE_BYTES = 1_048_576L;

	/**
	 * Message attributes per message.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
	 */
	public static final int MAX_ATTRIBUTES = 10;

	/**
	 * Entries per SendMessageBatch / DeleteMessageBatch / ChangeMessageVisibilityBatch request.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api-actions.html
	 */
	public static final int MAX_BATCH_ENTRIES = 10;

	/**
	 * Total payload of one SendMessageBatch request.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api-actions.html
	 */
	public static final long MAX_BATCH_BYTES = 1_048_576L;

	/**
	 * Longest long-poll wait (WaitTimeSeconds 0-20).
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/best-practices-setting-up-long-polling.html
	 */
	public static final Duration MAX_WAIT_TIME = Duration.ofSeconds(20);

	/**
	 * Most messages per ReceiveMessage (MaxNumberOfMessages 1-10).
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
	 */
	public static final int MAX_RECEIVE_MESSAGES = 10;

	/**
	 * Longest visibility timeout, 12 hours.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
	 */
	public static final Duration MAX_VISIBILITY = Duration.ofHours(12);

	/**
	 * Longest retention, 14 days.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
	 */
	public static final Duration MAX_RETENTION = Duration.ofDays(14);

	/**
	 * Longest per-message delay (DelaySeconds 0-900); not allowed per message on FIFO queues.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
	 */
	public static final Duration MAX_DELAY = Duration.ofSeconds(900);

	/**
	 * Longest MessageGroupId and MessageDeduplicationId.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
	 */
	public static final int MAX_ID_LENGTH = 128;

	/**
	 * Range of a redrive policy's maxReceiveCount.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue.html
	 */
	public static final int MAX_RECEIVE_COUNT = 1000;

	private SqsLimits() {
	}

}
