package dev.ferry.test.aws.sns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.ferry.test.aws.LocalAwsAccount;
import dev.ferry.test.aws.ResourceTags;

/**
 * CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes, SetTopicAttributes and topic tagging, per
 * https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html and the neighbouring pages.
 */
final class SnsTopicActions {

	/**
	 * ListTopics returns at most 100 topics per page.
	 * Source: https://docs.aws.amazon.com/sns/latest/api/API_ListTopics.html
	 */
	static final int LIST_TOPICS_PAGE_SIZE = 100;

	/**
	 * Topic names: 1-256 letters, digits, hyphens and underscores, plus {@code .fifo} for FIFO topics.
	 * Source: https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
	 */
	private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");

	private static final int MAX_TOPIC_NAME_LENGTH = 256;

	private static final Set<String> SETTABLE = Set.of("Policy", "DisplayName", "KmsMasterKeyId", "SignatureVersion",
			"TracingConfig", "ContentBasedDeduplication", "MaximumMessageSize", "FifoThroughputScope");

	private static final Set<String> NOT_IMPLEMENTED = Set.of("DeliveryPolicy", "ArchivePolicy",
			"DataProtectionPolicy");

	private final SnsRegistry registry;

	private final ResourceTags tags;

	SnsTopicActions(SnsRegistry registry, ResourceTags tags) {
		this.registry = registry;
		this.tags = tags;
	}

	String createTopic(SnsQueryRequest request) {
		request.rejectUnknown("CreateTopic", Set.of("Name", "Attributes", "Tags"));
		String name = request.require("Name");
		Map<String, String> attributes = new LinkedHashMap<>(request.map("Attributes"));
		boolean fifo = "true".equalsIgnoreCase(attributes.remove("FifoTopic"));
		String base = fifo && name.endsWith(".fifo") ? name.substring(0, name.length() - ".fifo".length()) : name;
		if (fifo != name.endsWith(".fifo") || !TOPIC_NAME.matcher(base).matches()
				|| name.length() > MAX_TOPIC_NAME_LENGTH) {
			throw SnsFault.invalidParameter(fifo
					? "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII "
							+ "letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long."
					: "Topic Name");
		}
		String arn = LocalAwsAccount.arn("sns", name);
		synchronized (this.registry) {
			SnsTopic existing = this.registry.findTopic(arn);
			if (existing != null) {
				for (Map.Entry<String, String> attribute : attributes.entrySet()) {
					if (!attribute.getValue().equals(existing.attributes().get(attribute.getKey()))) {
						throw SnsFault.invalidParameter("Attributes Reason: Topic already exists with different attributes");
					}
				}
				return new SnsXml().element("TopicArn", arn).response("CreateTopic");
			}
			SnsTopic topic = new SnsTopic(arn, name, fifo);
			attributes.forEach((key, value) -> apply(topic, key, value));
			this.registry.addTopic(topic);
			this.tags.tag(arn, request.tags("Tags"));
		}
		return new SnsXml().element("TopicArn", arn).response("CreateTopic");
	}

	String deleteTopic(SnsQueryRequest request) {
		request.rejectUnknown("DeleteTopic", Set.of("TopicArn"));
		// Deleting a topic that does not exist is not an error (API_DeleteTopic.html).
		this.registry.deleteTopic(request.require("TopicArn"));
		this.tags.remove(request.require("TopicArn"));
		return new SnsXml().response("DeleteTopic");
	}

	String listTopics(SnsQueryRequest request) {
		request.rejectUnknown("ListTopics", Set.of("NextToken"));
		List<SnsTopic> topics = this.registry.topics();
		int from = SnsPaging.start(request.get("NextToken"), topics.size());
		int to = Math.min(from + LIST_TOPICS_PAGE_SIZE, topics.size());
		SnsXml xml = new SnsXml().open("Topics");
		topics.subList(from, to).forEach((topic) -> xml.open("member").element("TopicArn", topic.arn()).close("member"));
		xml.close("Topics");
		if (to < topics.size()) {
			xml.element("NextToken", SnsPaging.token(to));
		}
		return xml.response("ListTopics");
	}

	String getTopicAttributes(SnsQueryRequest request) {
		request.rejectUnknown("GetTopicAttributes", Set.of("TopicArn"));
		SnsTopic topic = this.registry.topic(request.require("TopicArn"));
		List<SnsSubscription> subscriptions = this.registry.subscriptions(topic.arn());
		long confirmed = subscriptions.stream().filter(SnsSubscription::confirmed).count();
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("TopicArn", topic.arn());
		attributes.put("Owner", LocalAwsAccount.ACCOUNT_ID);
		attributes.put("Policy", defaultPolicy(topic.arn()));
		attributes.put("DisplayName", "");
		attributes.put("SubscriptionsConfirmed", Long.toString(confirmed));
		attributes.put("SubscriptionsPending", Long.toString(subscriptions.size() - confirmed));
		attributes.put("SubscriptionsDeleted", "0");
		if (topic.fifo()) {
			attributes.put("FifoTopic", "true");
			attributes.put("ContentBasedDeduplication", "false");
		}
		attributes.putAll(topic.attributes());
		return new SnsXml().attributes(attributes).response("GetTopicAttributes");
	}

	String setTopicAttributes(SnsQueryRequest request) {
		request.rejectUnknown("SetTopicAttributes", Set.of("TopicArn", "AttributeName", "AttributeValue"));
		SnsTopic topic = this.registry.topic(request.require("TopicArn"));
		String value = request.get("AttributeValue");
		apply(topic, request.require("AttributeName"), value == null ? "" : value);
		return new SnsXml().response("SetTopicAttributes");
	}

	String tagResource(SnsQueryRequest request) {
		request.rejectUnknown("TagResource", Set.of("ResourceArn", "Tags"));
		this.tags.tag(taggable(request), request.tags("Tags"));
		return new SnsXml().response("TagResource");
	}

	String untagResource(SnsQueryRequest request) {
		request.rejectUnknown("UntagResource", Set.of("ResourceArn", "TagKeys"));
		this.tags.untag(taggable(request), request.values("TagKeys"));
		return new SnsXml().response("UntagResource");
	}

	String listTagsForResource(SnsQueryRequest request) {
		request.rejectUnknown("ListTagsForResource", Set.of("ResourceArn"));
		SnsXml xml = new SnsXml().open("Tags");
		this.tags.list(taggable(request)).forEach((key, value) -> xml.open("member").element("Key", key)
				.element("Value", value).close("member"));
		return xml.close("Tags").response("ListTagsForResource");
	}

	private String taggable(SnsQueryRequest request) {
		String arn = request.require("ResourceArn");
		if (this.registry.findTopic(arn) == null) {
			throw new SnsFault("ResourceNotFound", 404, "Resource does not exist");
		}
		return arn;
	}

	private static void apply(SnsTopic topic, String name, String value) {
		if (NOT_IMPLEMENTED.contains(name) || name.endsWith("FeedbackRoleArn") || name.endsWith("FeedbackSampleRate")) {
			throw SnsFault.unsupported("topic attribute '" + name + "'");
		}
		if (!SETTABLE.contains(name)) {
			throw SnsFault.invalidParameter("AttributeName");
		}
		switch (name) {
			case "SignatureVersion" -> {
				if (!value.equals("1") && !value.equals("2")) {
					throw SnsFault.invalidParameter("Attributes Reason: SignatureVersion: Invalid value [" + value
							+ "]. Please use 1 or 2");
				}
			}
			case "ContentBasedDeduplication", "FifoThroughputScope" -> {
				if (!topic.fifo()) {
					throw SnsFault.invalidParameter("Attributes Reason: " + name + " is only valid for FIFO topics");
				}
				if (name.equals("FifoThroughputScope") && !value.equals("Topic") && !value.equals("MessageGroup")) {
					throw SnsFault.invalidParameter("Attributes Reason: FifoThroughputScope: Invalid value [" + value
							+ "]. Please use Topic or MessageGroup");
				}
			}
			case "MaximumMessageSize" -> {
				int size;
				try {
					size = Integer.parseInt(value);
				}
				catch (NumberFormatException ex) {
					size = -1;
				}
				if (size < 1 || size > SnsTopic.MAXIMUM_MESSAGE_SIZE_LIMIT) {
					throw SnsFault.invalidParameter("Attributes Reason: MaximumMessageSize: Invalid value [" + value
							+ "]. Must be at most " + SnsTopic.MAXIMUM_MESSAGE_SIZE_LIMIT);
				}
			}
			default -> {
			}
		}
		topic.attributes().put(name, value);
	}

	private static String defaultPolicy(String topicArn) {
		return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":"
				+ "\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":["
				+ "\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\",\"SNS:AddPermission\",\"SNS:RemovePermission\","
				+ "\"SNS:DeleteTopic\",\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\""
				+ topicArn + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + LocalAwsAccount.ACCOUNT_ID
				+ "\"}}}]}";
	}

}
