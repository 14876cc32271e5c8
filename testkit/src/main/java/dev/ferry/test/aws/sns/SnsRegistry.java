package dev.ferry.test.aws.sns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The SNS stand-in's state: topics and subscriptions, in creation order. Thread-safe.
 */
final class SnsRegistry {

	private final Map<String, SnsTopic> topics = new LinkedHashMap<>();

	private final Map<String, SnsSubscription> subscriptions = new LinkedHashMap<>();

	synchronized @Nullable SnsTopic findTopic(String arn) {
		return this.topics.get(arn);
	}

	synchronized SnsTopic topic(String arn) {
		SnsTopic topic = this.topics.get(arn);
		if (topic == null) {
			throw SnsFault.notFound("Topic does not exist");
		}
		return topic;
	}

	synchronized void addTopic(SnsTopic topic) {
		this.topics.put(topic.arn(), topic);
	}

	synchronized void deleteTopic(String arn) {
		this.topics.remove(arn);
		this.subscriptions.values().removeIf((subscription) -> subscription.topicArn().equals(arn));
	}

	synchronized List<SnsTopic> topics() {
		return new ArrayList<>(this.topics.values());
	}

	synchronized SnsSubscription subscription(String arn) {
		SnsSubscription subscription = this.subscriptions.get(arn);
		if (subscription == null) {
			throw SnsFault.notFound("Subscription does not exist");
		}
		return subscription;
	}

	synchronized void addSubscription(SnsSubscription subscription) {
		this.subscriptions.put(subscription.arn(), subscription);
	}

	synchronized @Nullable SnsSubscription removeSubscription(String arn) {
		return this.subscriptions.remove(arn);
	}

	synchronized List<SnsSubscription> subscriptions() {
		return new ArrayList<>(this.subscriptions.values());
	}

	synchronized List<SnsSubscription> subscriptions(String topicArn) {
		return this.subscriptions.values().stream().filter((s) -> s.topicArn().equals(topicArn)).toList();
	}

	synchronized @Nullable SnsSubscription byToken(String topicArn, String token) {
		return this.subscriptions.values().stream()
				.filter((s) -> s.topicArn().equals(topicArn) && s.token().equals(token)).findFirst().orElse(null);
	}

}
