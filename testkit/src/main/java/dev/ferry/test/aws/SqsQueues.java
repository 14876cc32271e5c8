package dev.ferry.test.aws;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * How the stand-ins reach SQS: through the real SDK {@link SqsClient}, by queue ARN, as SNS and
 * EventBridge do. Reads a queue's {@code Policy} attribute so callers can decide, as AWS does,
 * whether a service principal may send to it.
 */
public final class SqsQueues {

	private final SqsClient sqs;

	/**
	 * @param sqs the client; its endpoint must keep queue policies (see {@link LocalAws})
	 */
	public SqsQueues(SqsClient sqs) {
		this.sqs = sqs;
	}

	/**
	 * Sends one message.
	 * @param queueArn the queue ARN
	 * @param message the message
	 * @return the SQS message id
	 * @throws DeliveryException when the queue does not exist (not retryable) or SQS rejects the message
	 */
	public String send(String queueArn, QueueMessage message) {
		String url = queueUrl(queueArn);
		SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(url).messageBody(message.body());
		if (!message.attributes().isEmpty()) {
			request.messageAttributes(message.attributes());
		}
		if (message.groupId() != null) {
			request.messageGroupId(message.groupId());
		}
		if (message.deduplicationId() != null) {
			request.messageDeduplicationId(message.deduplicationId());
		}
		try {
			return this.sqs.sendMessage(request.build()).messageId();
		}
		catch (AwsServiceException ex) {
			throw new DeliveryException(ex.awsErrorDetails().errorCode(), ex.awsErrorDetails().errorMessage(),
					ex.statusCode() >= 500);
		}
		catch (SdkException ex) {
			throw new DeliveryException("InternalFailure", String.valueOf(ex.getMessage()), true);
		}
	}

	/**
	 * @param queueArn the queue ARN
	 * @return the queue's {@code Policy} attribute, or {@code null} when it has none
	 * @throws DeliveryException when the queue does not exist
	 */
	public @Nullable String policy(String queueArn) {
		String url = queueUrl(queueArn);
		try {
			Map<String, String> attributes = this.sqs
					.getQueueAttributes((b) -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
					.attributesAsStrings();
			return attributes.get(QueueAttributeName.POLICY.toString());
		}
		catch (QueueDoesNotExistException ex) {
			throw notFound(queueArn);
		}
	}

	/**
	 * @param queueArn the queue ARN
	 * @return whether the queue is a FIFO queue (its name ends with {@code .fifo})
	 */
	public static boolean isFifo(String queueArn) {
		return queueArn.endsWith(".fifo");
	}

	/**
	 * @param arn an SQS queue ARN
	 * @return whether {@code arn} is an SQS ARN of the local account and region
	 */
	public static boolean isLocalQueueArn(String arn) {
		return arn.startsWith(LocalAwsAccount.arn("sqs", "")) && arn.length() > LocalAwsAccount.arn("sqs", "").length();
	}

	private String queueUrl(String queueArn) {
		String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
		try {
			return this.sqs.getQueueUrl((b) -> b.queueName(name)).queueUrl();
		}
		catch (QueueDoesNotExistException ex) {
			throw notFound(queueArn);
		}
		catch (SdkException ex) {
			throw new DeliveryException("InternalFailure", String.valueOf(ex.getMessage()), true);
		}
	}

	private static DeliveryException notFound(String queueArn) {
		return new DeliveryException("AWS.SimpleQueueService.NonExistentQueue",
				"The specified queue does not exist: " + queueArn, false);
	}

}
