package dev.ferry.test.aws.sns;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.ferry.test.aws.DeliveryException;
import dev.ferry.test.aws.DeliveryJournal;
import dev.ferry.test.aws.DeliveryRecord;
import dev.ferry.test.aws.DeliveryRecord.Outcome;
import dev.ferry.test.aws.LocalAwsAccount;
import dev.ferry.test.aws.LocalAwsOptions;
import dev.ferry.test.aws.QueueMessage;
import dev.ferry.test.aws.QueuePolicy;
import dev.ferry.test.aws.SqsQueues;
import dev.ferry.test.aws.StandInHttp;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Fans a published message out to a topic's confirmed subscriptions, asynchronously as SNS does:
 * applies each filter policy, shapes the payload (envelope or raw), delivers to SQS or HTTP/S and,
 * when delivery fails, sends the payload to the subscription's dead-letter queue only if that
 * queue's policy lets {@code sns.amazonaws.com} send for this topic
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html); otherwise the message is
 * lost, as in AWS, and the {@link DeliveryJournal} says why.
 */
final class SnsDispatcher implements AutoCloseable {

	static final String SERVICE_PRINCIPAL = "sns.amazonaws.com";

	private final SnsRegistry registry;

	private final SqsQueues queues;

	private final SnsEnvelope envelope;

	private final SnsHttpDelivery http;

	private final DeliveryJournal journal;

	private final LocalAwsOptions options;

	// One thread keeps the per-topic publish order for SQS (FIFO topics deliver only to SQS).
	private final ExecutorService sqsExecutor = Executors.newSingleThreadExecutor(StandInHttp.daemonThreads("sns-sqs"));

	private final ExecutorService httpExecutor = Executors.newCachedThreadPool(StandInHttp.daemonThreads("sns-http"));

	SnsDispatcher(SnsRegistry registry, SqsQueues queues, SnsEnvelope envelope, DeliveryJournal journal,
			LocalAwsOptions options) {
		this.registry = registry;
		this.queues = queues;
		this.envelope = envelope;
		this.http = new SnsHttpDelivery(options.retryDelay());
		this.journal = journal;
		this.options = options;
	}

	void dispatch(SnsMessage message, List<SnsSubscription> subscriptions) {
		for (SnsSubscription subscription : subscriptions) {
			if (!subscription.confirmed()) {
				continue;
			}
			ExecutorService executor = subscription.protocol().equals("sqs") ? this.sqsExecutor : this.httpExecutor;
			executor.execute(() -> deliver(message, subscription));
		}
	}

	void requestConfirmation(SnsTopic topic, SnsSubscription subscription) {
		this.httpExecutor.execute(() -> {
			String messageId = UUID.randomUUID().toString();
			String body = this.envelope.subscriptionConfirmation(subscription, messageId, Instant.now(),
					topic.signatureVersion());
			try {
				this.http.post(subscription.endpoint(), body, Map.of("x-amz-sns-message-type", "SubscriptionConfirmation",
						"x-amz-sns-message-id", messageId, "x-amz-sns-topic-arn", topic.arn()));
			}
			catch (DeliveryException ex) {
				this.journal.add(new DeliveryRecord(messageId, topic.arn(), subscription.arn(), Outcome.LOST,
						"SubscriptionConfirmation not delivered: " + ex.getMessage()));
			}
		});
	}

	private void deliver(SnsMessage message, SnsSubscription subscription) {
		SnsFilterPolicy filter = subscription.filterPolicy();
		if (filter != null && !filter.matches(message)) {
			this.journal.add(record(message, subscription, Outcome.FILTERED_OUT, "filter policy did not match"));
			return;
		}
		boolean raw = subscription.rawMessageDelivery();
		String body = message.bodyFor(subscription.protocol());
		String signatureVersion = signatureVersion(message.topicArn());
		String payload = raw ? body : this.envelope.notification(message, subscription.arn(), body, signatureVersion);
		try {
			if (subscription.protocol().equals("sqs")) {
				deliverToQueue(message, subscription, payload, raw);
			}
			else {
				Map<String, String> headers = new LinkedHashMap<>();
				headers.put("x-amz-sns-message-type", "Notification");
				headers.put("x-amz-sns-message-id", message.messageId());
				headers.put("x-amz-sns-topic-arn", message.topicArn());
				headers.put("x-amz-sns-subscription-arn", subscription.arn());
				if (raw) {
					headers.put("x-amz-sns-rawdelivery", "true");
				}
				this.http.post(subscription.endpoint(), payload, headers);
			}
			this.journal.add(record(message, subscription, Outcome.DELIVERED, subscription.endpoint()));
		}
		catch (DeliveryException ex) {
			deadLetter(message, subscription, queueMessage(message, payload, raw, subscription.endpoint()), ex);
		}
	}

	private void deliverToQueue(SnsMessage message, SnsSubscription subscription, String payload, boolean raw) {
		String queueArn = subscription.endpoint();
		if (this.options.enforceEndpointQueuePolicies() && !QueuePolicy.allowsSendMessage(this.queues.policy(queueArn),
				SERVICE_PRINCIPAL, queueArn, message.topicArn(), LocalAwsAccount.ACCOUNT_ID)) {
			throw new DeliveryException("AuthorizationError", "The policy of " + queueArn + " does not allow "
					+ SERVICE_PRINCIPAL + " to sqs:SendMessage for " + message.topicArn(), false);
		}
		this.queues.send(queueArn, queueMessage(message, payload, raw, queueArn));
	}

	private static QueueMessage queueMessage(SnsMessage message, String payload, boolean raw, String queueArn) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		if (raw) {
			message.attributes().forEach((name, value) -> attributes.put(name, value.toSqs()));
		}
		boolean fifo = SqsQueues.isFifo(queueArn);
		return new QueueMessage(payload, attributes, fifo ? message.groupId() : null,
				fifo ? message.deduplicationId() : null);
	}

	private void deadLetter(SnsMessage message, SnsSubscription subscription, QueueMessage payload,
			DeliveryException failure) {
		String dlq = subscription.deadLetterTargetArn();
		if (dlq == null) {
			this.journal.add(record(message, subscription, Outcome.LOST, failure.getMessage()
					+ "; the subscription has no RedrivePolicy"));
			return;
		}
		try {
			if (!QueuePolicy.allowsSendMessage(this.queues.policy(dlq), SERVICE_PRINCIPAL, dlq, message.topicArn(),
					LocalAwsAccount.ACCOUNT_ID)) {
				this.journal.add(record(message, subscription, Outcome.LOST, failure.getMessage()
						+ "; the policy of dead-letter queue " + dlq + " does not allow " + SERVICE_PRINCIPAL
						+ " to sqs:SendMessage with aws:SourceArn " + message.topicArn()));
				return;
			}
			boolean fifo = SqsQueues.isFifo(dlq);
			this.queues.send(dlq, new QueueMessage(payload.body(), payload.attributes(),
					fifo ? message.groupId() : null, fifo ? message.deduplicationId() : null));
			this.journal.add(record(message, subscription, Outcome.DEAD_LETTERED, dlq));
		}
		catch (DeliveryException ex) {
			this.journal.add(record(message, subscription, Outcome.LOST, failure.getMessage()
					+ "; the dead-letter queue " + dlq + " failed too: " + ex.getMessage()));
		}
	}

	private String signatureVersion(String topicArn) {
		SnsTopic topic = this.registry.findTopic(topicArn);
		return topic == null ? "1" : topic.signatureVersion();
	}

	private static DeliveryRecord record(SnsMessage message, SnsSubscription subscription, Outcome outcome,
			String detail) {
		return new DeliveryRecord(message.messageId(), message.topicArn(), subscription.arn(), outcome, detail);
	}

	@Override
	public void close() {
		this.sqsExecutor.shutdownNow();
		this.httpExecutor.shutdownNow();
	}

}
