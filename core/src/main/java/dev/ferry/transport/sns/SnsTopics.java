package dev.ferry.transport.sns;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * Finds topics by name or ARN and caches their attributes. SNS has no lookup by name, so a name is
 * resolved by listing topics once; an ARN is read directly.
 */
final class SnsTopics {

	private final SnsAsyncClient client;

	private final Map<String, SnsTopic> byResource = new ConcurrentHashMap<>();

	SnsTopics(SnsAsyncClient client) {
		this.client = client;
	}

	/** The topic, or null when it does not exist. */
	@Nullable SnsTopic findOrNull(String resource) {
		SnsTopic cached = this.byResource.get(resource);
		return cached != null ? cached : refresh(resource);
	}

	/** The topic behind the destination. @throws FerryConfigurationException naming the property when missing */
	SnsTopic require(Destination destination) {
		SnsTopic topic = findOrNull(destination.resource());
		if (topic == null) {
			throw missing(destination);
		}
		return topic;
	}

	static FerryConfigurationException missing(Destination destination) {
		return new FerryConfigurationException("SNS topic '" + destination.resource() + "' of destination '"
				+ destination.name() + "' does not exist. Create it, fix " + destination.configPrefix()
				+ ".resource, or set ferry.provision=true to let Ferry create it");
	}

	/** Reads the topic again (after provisioning, or to see changed attributes). */
	@Nullable SnsTopic refresh(String resource) {
		String arn = resource.startsWith("arn:") ? resource : arnOf(resource);
		if (arn == null) {
			return null;
		}
		try {
			Map<String, String> attributes = this.client.getTopicAttributes(b -> b.topicArn(arn)).join().attributes();
			SnsTopic topic = new SnsTopic(arn, attributes);
			this.byResource.put(resource, topic);
			return topic;
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof NotFoundException) {
				this.byResource.remove(resource);
				return null;
			}
			throw ex;
		}
	}

	private @Nullable String arnOf(String name) {
		String token = null;
		do {
			String next = token;
			ListTopicsResponse page = this.client.listTopics(b -> b.nextToken(next)).join();
			for (Topic topic : page.topics()) {
				if (SnsTopic.nameOf(topic.topicArn()).equals(name)) {
					return topic.topicArn();
				}
			}
			token = page.nextToken();
		}
		while (token != null && !token.isEmpty());
		return null;
	}

}
