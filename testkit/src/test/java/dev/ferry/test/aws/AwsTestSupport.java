package dev.ferry.test.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.awaitility.Awaitility.await;

/**
 * Queue helpers shared by the conformance suites: create queues, wait for messages.
 */
public final class AwsTestSupport {

	/** How long a test waits for an asynchronous delivery. */
	public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);

	private AwsTestSupport() {
	}

	/** @return a name unique to this run, safe for queues, topics, buses and rules */
	public static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A queue under test. */
	public record TestQueue(String url, String arn) {
	}

	public static TestQueue createQueue(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
		String url = sqs.createQueue((b) -> b.queueName(name).attributes(attributes)).queueUrl();
		String arn = sqs.getQueueAttributes((b) -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
				.attributes().get(QueueAttributeName.QUEUE_ARN);
		return new TestQueue(url, arn);
	}

	public static TestQueue createQueue(SqsClient sqs, String name) {
		return createQueue(sqs, name, Map.of());
	}

	public static TestQueue createFifoQueue(SqsClient sqs, String name) {
		return createQueue(sqs, name + ".fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
	}

	/** Receives once without waiting; messages stay invisible for the queue's visibility timeout. */
	public static List<Message> receiveNow(SqsClient sqs, TestQueue queue) {
		return sqs.receiveMessage((b) -> b.queueUrl(queue.url()).maxNumberOfMessages(10).waitTimeSeconds(0)
				.messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
	}

	/**
	 * Waits until at least {@code count} messages have arrived and returns all received, deleting
	 * them so that later FIFO messages of the same group become visible.
	 */
	public static List<Message> awaitMessages(SqsClient sqs, TestQueue queue, int count) {
		List<Message> received = new ArrayList<>();
		await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
			for (Message message : receiveNow(sqs, queue)) {
				received.add(message);
				sqs.deleteMessage((b) -> b.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
			}
			return received.size() >= count;
		});
		return received;
	}

	/** Asserts that nothing arrives for a while, for backends without a delivery journal. */
	public static void awaitStaysEmpty(SqsClient sqs, TestQueue queue, Duration quiet) {
		await().during(quiet).atMost(quiet.plusSeconds(5)).until(() -> receiveNow(sqs, queue).isEmpty());
	}

}
