package dev.ferry.transport.sns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates what a topic destination and its subscriptions need so that they pass every rule of
 * {@link SnsHardeningInspector}: the topic (FIFO when asked, encrypted with the configured
 * customer-managed key), each listener's subscription queue and dead-letter queue (FIFO for a FIFO
 * topic) with a queue policy letting only this topic send, the queue's own redrive to the
 * dead-letter queue, and the subscription with raw delivery, filter policy and a
 * {@code RedrivePolicy} to the dead-letter queue. Used only when {@code ferry.provision=true};
 * otherwise the same checks stop start-up naming the property.
 */
final class SnsProvisioner {

	private static final Logger logger = LoggerFactory.getLogger(SnsProvisioner.class);

	private final SnsAsyncClient sns;

	private final SqsAsyncClient sqs;

	private final SnsTopics topics;

	private final SnsSubscriptions subscriptions;

	private final SnsOptions options;

	SnsProvisioner(SnsAsyncClient sns, SqsAsyncClient sqs, SnsTopics topics, SnsSubscriptions subscriptions,
			SnsOptions options) {
		this.sns = sns;
		this.sqs = sqs;
		this.topics = topics;
		this.subscriptions = subscriptions;
		this.options = options;
	}

	SnsTopic createTopic(Destination destination) {
		SnsDestinationProperties properties = SnsDestinationProperties.of(destination);
		String name = SnsTopic.nameOf(destination.resource());
		Map<String, String> attributes = new LinkedHashMap<>();
		if (properties.fifo()) {
			attributes.put("FifoTopic", "true");
		}
		if (properties.kmsKeyId() != null) {
			attributes.put("KmsMasterKeyId", properties.kmsKeyId());
		}
		this.sns.createTopic(b -> b.name(name).attributes(attributes)).join();
		logger.info("Created SNS topic {} for destination '{}' (ferry.provision=true)", name, destination.name());
		return Objects.requireNonNull(this.topics.refresh(destination.resource()), "topic just created");
	}

	/**
	 * Makes sure the listener's subscription exists as configured: dead-letter queue and queue (with
	 * their policies), then the subscription; creates or corrects what is missing when
	 * {@code provision} is true, else fails naming the property.
	 * @return the subscription ARN
	 */
	String prepare(Destination destination, String listenerId, SnsTopic topic, SnsSubscriptionSettings settings,
			boolean provision) {
		String where = destination.subscription().propertyName(destination, listenerId, "queue");
		if (!provision && this.subscriptions.queueOrNull(settings.queue()) == null) {
			throw missingQueue(settings.queue(), destination, where);
		}
		SnsSubscriptions.Queue deadLetter = queue(settings.deadLetterQueue(), topic, null, null, provision, destination,
				destination.subscription().propertyName(destination, listenerId, "dead-letter-queue"));
		SnsSubscriptions.Queue queue = queue(settings.queue(), topic, deadLetter, settings.maxReceiveCount(), provision,
				destination, where);
		if (topic.fifo() && !queue.fifo()) {
			throw new FerryConfigurationException("Invalid " + where + ": SNS FIFO topic " + topic.name()
					+ " delivers only to FIFO queues, and " + queue.arn() + " is a standard queue");
		}
		Map<String, String> wanted = subscriptionAttributes(settings, deadLetter.arn());
		SnsSubscriptions.TopicSubscription existing = this.subscriptions.find(topic, queue.arn());
		if (existing == null) {
			if (!provision) {
				throw new FerryConfigurationException("Queue " + queue.arn() + " (" + where + ") is not subscribed to SNS "
						+ "topic " + topic.arn() + ". Subscribe it, or set ferry.provision=true to let Ferry do it");
			}
			String arn = this.sns.subscribe(b -> b.topicArn(topic.arn())
				.protocol("sqs")
				.endpoint(queue.arn())
				.attributes(wanted)
				.returnSubscriptionArn(true)).join().subscriptionArn();
			logger.info("Subscribed queue {} to SNS topic {} for listener '{}' (ferry.provision=true)", queue.arn(),
					topic.name(), listenerId);
			return arn;
		}
		if (provision) {
			wanted.forEach((name, value) -> {
				if (!value.equals(existing.attributes().get(name))) {
					this.sns.setSubscriptionAttributes(b -> b.subscriptionArn(existing.arn())
						.attributeName(name)
						.attributeValue(value)).join();
				}
			});
		}
		return existing.arn();
	}

	private static FerryConfigurationException missingQueue(String resource, Destination destination, String property) {
		return new FerryConfigurationException("SQS queue '" + resource + "' (" + property + ") of SNS destination '"
				+ destination.name() + "' does not exist. Create it, fix " + property + ", or set ferry.provision=true");
	}

	private Map<String, String> subscriptionAttributes(SnsSubscriptionSettings settings, String deadLetterArn) {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("RawMessageDelivery", Boolean.toString(settings.rawDelivery()));
		if (settings.filterPolicy() != null) {
			attributes.put("FilterPolicy", settings.filterPolicy());
			attributes.put("FilterPolicyScope", settings.filterPolicyScope().value());
		}
		attributes.put("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\"}");
		return attributes;
	}

	/** Finds (or creates) a queue SNS delivers to, and grants the topic in its policy when provisioning. */
	private SnsSubscriptions.Queue queue(String resource, SnsTopic topic, SnsSubscriptions.@Nullable Queue deadLetter,
			@Nullable Integer maxReceiveCount, boolean provision, Destination destination, String property) {
		SnsSubscriptions.Queue queue = this.subscriptions.queueOrNull(resource);
		if (queue == null) {
			if (!provision) {
				throw missingQueue(resource, destination, property);
			}
			Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
			if (topic.fifo()) {
				attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
			}
			if (deadLetter != null) {
				int receives = maxReceiveCount != null ? maxReceiveCount
						: Math.max(destination.retry().maxAttempts() + 1, this.options.defaultReceiveCount());
				attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetter.arn()
						+ "\",\"maxReceiveCount\":\"" + receives + "\"}");
			}
			String name = SnsSubscriptionSettings.queueName(resource);
			this.sqs.createQueue(b -> b.queueName(name).attributes(attributes)).join();
			logger.info("Created SQS queue {} for SNS destination '{}' (ferry.provision=true)", name, destination.name());
			queue = Objects.requireNonNull(this.subscriptions.queueOrNull(resource), "queue just created");
		}
		if (provision && !SnsQueuePolicy.allowsScoped(queue.policy(), topic)) {
			String policy = SnsQueuePolicy.grant(queue.policy(), queue.arn(), topic);
			String url = queue.url();
			this.sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy))).join();
			queue = Objects.requireNonNull(this.subscriptions.queueOrNull(resource), "queue just changed");
		}
		return queue;
	}

}
