package dev.ferry.transport.sns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Reads the subscriptions of topics and the SQS queues behind them, with the SNS and SQS clients
 * directly: the SNS adapter never goes through the SQS adapter.
 */
final class SnsSubscriptions {

	/** An SQS queue as the subscription side sees it. */
	record Queue(String url, String arn, Map<String, String> attributes) {

		boolean fifo() {
			return Boolean.parseBoolean(this.attributes.get(QueueAttributeName.FIFO_QUEUE.toString()))
					|| this.arn.endsWith(".fifo");
		}

		@Nullable String policy() {
			return this.attributes.get(QueueAttributeName.POLICY.toString());
		}

	}

	/** A subscription of a topic, with its attributes. */
	record TopicSubscription(String arn, String protocol, String endpoint, Map<String, String> attributes) {

		@Nullable String redriveTarget() {
			String redrive = this.attributes.get("RedrivePolicy");
			if (redrive == null || redrive.isBlank()) {
				return null;
			}
			int at = redrive.indexOf("deadLetterTargetArn");
			if (at < 0) {
				return null;
			}
			String rest = redrive.substring(at + "deadLetterTargetArn".length());
			int start = rest.indexOf("arn:");
			if (start < 0) {
				return null;
			}
			int end = rest.indexOf('"', start);
			return end > start ? rest.substring(start, end) : null;
		}

	}

	private final SnsAsyncClient sns;

	private final SqsAsyncClient sqs;

	SnsSubscriptions(SnsAsyncClient sns, SqsAsyncClient sqs) {
		this.sns = sns;
		this.sqs = sqs;
	}

	/** The queue by name, URL or ARN, or null when it does not exist. */
	@Nullable Queue queueOrNull(String resource) {
		try {
			String url = resource.startsWith("http") ? resource
					: this.sqs.getQueueUrl(b -> b.queueName(SnsSubscriptionSettings.queueName(resource))).join().queueUrl();
			Map<String, String> attributes = this.sqs
				.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
				.join()
				.attributesAsStrings();
			return new Queue(url, attributes.get(QueueAttributeName.QUEUE_ARN.toString()), attributes);
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof QueueDoesNotExistException
					|| String.valueOf(ex.getCause().getMessage()).contains("NonExistentQueue")) {
				return null;
			}
			throw ex;
		}
	}

	/** Every subscription of the topic, with attributes. */
	List<TopicSubscription> of(SnsTopic topic) {
		List<TopicSubscription> subscriptions = new ArrayList<>();
		String token = null;
		do {
			String next = token;
			ListSubscriptionsByTopicResponse page = this.sns
				.listSubscriptionsByTopic(b -> b.topicArn(topic.arn()).nextToken(next))
				.join();
			for (Subscription subscription : page.subscriptions()) {
				Map<String, String> attributes = subscription.subscriptionArn().startsWith("arn:")
						? this.sns.getSubscriptionAttributes(b -> b.subscriptionArn(subscription.subscriptionArn()))
							.join()
							.attributes()
						: Map.of();
				subscriptions.add(new TopicSubscription(subscription.subscriptionArn(), subscription.protocol(),
						subscription.endpoint(), attributes));
			}
			token = page.nextToken();
		}
		while (token != null && !token.isEmpty());
		return subscriptions;
	}

	/** The topic's sqs subscription to the queue, or null. */
	@Nullable TopicSubscription find(SnsTopic topic, String queueArn) {
		for (TopicSubscription subscription : of(topic)) {
			if ("sqs".equals(subscription.protocol()) && queueArn.equals(subscription.endpoint())) {
				return subscription;
			}
		}
		return null;
	}

}
