package dev.ferry.test.aws.sns;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.ferry.test.aws.Json;
import dev.ferry.test.aws.LocalAwsAccount;
import dev.ferry.test.aws.SqsQueues;
import tools.jackson.core.JacksonException;

/**
 * Subscribe, ConfirmSubscription, Unsubscribe, ListSubscriptions(ByTopic) and
 * Get/SetSubscriptionAttributes, per https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html and
 * https://docs.aws.amazon.com/sns/latest/api/API_SetSubscriptionAttributes.html. Supported protocols:
 * {@code sqs}, {@code http}, {@code https}.
 */
final class SnsSubscriptionActions {

	/**
	 * The list actions return at most 100 subscriptions per page.
	 * Source: https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html
	 */
	static final int LIST_SUBSCRIPTIONS_PAGE_SIZE = 100;

	private static final Set<String> NOT_IMPLEMENTED_PROTOCOLS = Set.of("email", "email-json", "sms", "lambda",
			"application", "firehose");

	private static final Set<String> SETTABLE = Set.of("RawMessageDelivery", "FilterPolicy", "FilterPolicyScope",
			"RedrivePolicy");

	private static final Set<String> NOT_IMPLEMENTED = Set.of("DeliveryPolicy", "SubscriptionRoleArn",
			"ReplayPolicy");

	private final SnsRegistry registry;

	private final SnsDispatcher dispatcher;

	private final SecureRandom random = new SecureRandom();

	SnsSubscriptionActions(SnsRegistry registry, SnsDispatcher dispatcher) {
		this.registry = registry;
		this.dispatcher = dispatcher;
	}

	String subscribe(SnsQueryRequest request) {
		request.rejectUnknown("Subscribe", Set.of("TopicArn", "Protocol", "Endpoint", "Attributes",
				"ReturnSubscriptionArn"));
		SnsTopic topic = this.registry.topic(request.require("TopicArn"));
		String protocol = request.require("Protocol").toLowerCase(java.util.Locale.ROOT);
		String endpoint = request.get("Endpoint") == null ? "" : request.get("Endpoint");
		validateEndpoint(topic, protocol, endpoint);
		Map<String, String> attributes = request.map("Attributes");
		SnsSubscription subscription;
		synchronized (this.registry) {
			for (SnsSubscription existing : this.registry.subscriptions(topic.arn())) {
				if (existing.protocol().equals(protocol) && existing.endpoint().equals(endpoint)) {
					for (Map.Entry<String, String> attribute : attributes.entrySet()) {
						if (!attribute.getValue().equals(existing.attributes().get(attribute.getKey()))) {
							throw SnsFault.invalidParameter(
									"Attributes Reason: Subscription already exists with different attributes");
						}
					}
					return subscribeResult(existing, request.flag("ReturnSubscriptionArn"));
				}
			}
			String token = HexFormat.of().formatHex(this.random.generateSeed(32));
			subscription = new SnsSubscription(topic.arn() + ":" + UUID.randomUUID(), topic.arn(), protocol, endpoint,
					token, protocol.equals("sqs"));
			// Scope first, so that the policy is compiled for the right scope.
			String scope = attributes.get("FilterPolicyScope");
			if (scope != null) {
				apply(topic, subscription, "FilterPolicyScope", scope);
			}
			attributes.forEach((name, value) -> apply(topic, subscription, name, value));
			this.registry.addSubscription(subscription);
		}
		if (!subscription.confirmed()) {
			this.dispatcher.requestConfirmation(topic, subscription);
		}
		return subscribeResult(subscription, request.flag("ReturnSubscriptionArn"));
	}

	private static String subscribeResult(SnsSubscription subscription, boolean returnArn) {
		String arn = subscription.confirmed() || returnArn ? subscription.arn() : "pending confirmation";
		return new SnsXml().element("SubscriptionArn", arn).response("Subscribe");
	}

	private static void validateEndpoint(SnsTopic topic, String protocol, String endpoint) {
		if (NOT_IMPLEMENTED_PROTOCOLS.contains(protocol)) {
			throw SnsFault.unsupported("protocol '" + protocol + "' in Subscribe");
		}
		switch (protocol) {
			case "sqs" -> {
				if (!SqsQueues.isLocalQueueArn(endpoint)) {
					throw SnsFault.invalidParameter("SQS endpoint ARN");
				}
				if (!topic.fifo() && SqsQueues.isFifo(endpoint)) {
					throw SnsFault.invalidParameter("Invalid SQS FIFO queue endpoint: a FIFO queue cannot be "
							+ "subscribed to a standard topic");
				}
			}
			case "http", "https" -> {
				if (!endpoint.startsWith(protocol + "://")) {
					throw SnsFault.invalidParameter("Endpoint must match the specified protocol");
				}
				if (topic.fifo()) {
					throw SnsFault.invalidParameter("Invalid protocol type: " + protocol + " for a FIFO topic");
				}
			}
			default -> throw SnsFault.invalidParameter("Amazon SNS does not support this protocol string: " + protocol);
		}
	}

	String confirmSubscription(SnsQueryRequest request) {
		request.rejectUnknown("ConfirmSubscription", Set.of("TopicArn", "Token", "AuthenticateOnUnsubscribe"));
		SnsTopic topic = this.registry.topic(request.require("TopicArn"));
		SnsSubscription subscription = this.registry.byToken(topic.arn(), request.require("Token"));
		if (subscription == null) {
			throw SnsFault.invalidParameter("Token");
		}
		subscription.confirm();
		return new SnsXml().element("SubscriptionArn", subscription.arn()).response("ConfirmSubscription");
	}

	String unsubscribe(SnsQueryRequest request) {
		request.rejectUnknown("Unsubscribe", Set.of("SubscriptionArn"));
		if (this.registry.removeSubscription(request.require("SubscriptionArn")) == null) {
			throw SnsFault.notFound("Subscription does not exist");
		}
		return new SnsXml().response("Unsubscribe");
	}

	String listSubscriptionsByTopic(SnsQueryRequest request) {
		request.rejectUnknown("ListSubscriptionsByTopic", Set.of("TopicArn", "NextToken"));
		SnsTopic topic = this.registry.topic(request.require("TopicArn"));
		return list("ListSubscriptionsByTopic", this.registry.subscriptions(topic.arn()), request);
	}

	String listSubscriptions(SnsQueryRequest request) {
		request.rejectUnknown("ListSubscriptions", Set.of("NextToken"));
		return list("ListSubscriptions", this.registry.subscriptions(), request);
	}

	private static String list(String action, List<SnsSubscription> subscriptions, SnsQueryRequest request) {
		int from = SnsPaging.start(request.get("NextToken"), subscriptions.size());
		int to = Math.min(from + LIST_SUBSCRIPTIONS_PAGE_SIZE, subscriptions.size());
		SnsXml xml = new SnsXml().open("Subscriptions");
		for (SnsSubscription subscription : subscriptions.subList(from, to)) {
			xml.open("member").element("SubscriptionArn", subscription.confirmed() ? subscription.arn()
					: "PendingConfirmation").element("Owner", LocalAwsAccount.ACCOUNT_ID)
					.element("Protocol", subscription.protocol()).element("Endpoint", subscription.endpoint())
					.element("TopicArn", subscription.topicArn()).close("member");
		}
		xml.close("Subscriptions");
		if (to < subscriptions.size()) {
			xml.element("NextToken", SnsPaging.token(to));
		}
		return xml.response(action);
	}

	String getSubscriptionAttributes(SnsQueryRequest request) {
		request.rejectUnknown("GetSubscriptionAttributes", Set.of("SubscriptionArn"));
		SnsSubscription subscription = this.registry.subscription(request.require("SubscriptionArn"));
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("Owner", LocalAwsAccount.ACCOUNT_ID);
		attributes.put("RawMessageDelivery", "false");
		attributes.put("TopicArn", subscription.topicArn());
		attributes.put("Endpoint", subscription.endpoint());
		attributes.put("Protocol", subscription.protocol());
		attributes.put("PendingConfirmation", Boolean.toString(!subscription.confirmed()));
		attributes.put("ConfirmationWasAuthenticated", Boolean.toString(subscription.confirmed()));
		attributes.put("SubscriptionArn", subscription.arn());
		attributes.putAll(subscription.attributes());
		if (attributes.containsKey("FilterPolicy")) {
			attributes.putIfAbsent("FilterPolicyScope", SnsFilterPolicy.SCOPE_ATTRIBUTES);
		}
		return new SnsXml().attributes(attributes).response("GetSubscriptionAttributes");
	}

	String setSubscriptionAttributes(SnsQueryRequest request) {
		request.rejectUnknown("SetSubscriptionAttributes", Set.of("SubscriptionArn", "AttributeName", "AttributeValue"));
		SnsSubscription subscription = this.registry.subscription(request.require("SubscriptionArn"));
		SnsTopic topic = this.registry.topic(subscription.topicArn());
		String value = request.get("AttributeValue");
		apply(topic, subscription, request.require("AttributeName"), value == null ? "" : value);
		return new SnsXml().response("SetSubscriptionAttributes");
	}

	private static void apply(SnsTopic topic, SnsSubscription subscription, String name, String value) {
		if (NOT_IMPLEMENTED.contains(name)) {
			throw SnsFault.unsupported("subscription attribute '" + name + "'");
		}
		if (!SETTABLE.contains(name)) {
			throw SnsFault.invalidParameter("AttributeName");
		}
		switch (name) {
			case "RawMessageDelivery" -> {
				if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
					throw SnsFault.invalidParameter("Attributes Reason: RawMessageDelivery: Invalid value [" + value
							+ "]. Must be true or false.");
				}
			}
			case "FilterPolicy" -> subscription.filterPolicy(value.isEmpty() ? null
					: SnsFilterPolicy.compile(value, subscription.attributes().getOrDefault("FilterPolicyScope",
							SnsFilterPolicy.SCOPE_ATTRIBUTES)));
			case "FilterPolicyScope" -> {
				if (!SnsFilterPolicy.SCOPE_ATTRIBUTES.equals(value) && !SnsFilterPolicy.SCOPE_BODY.equals(value)) {
					throw SnsFault.invalidParameter("FilterPolicyScope: Invalid value [" + value
							+ "]. Please use either MessageBody or MessageAttributes");
				}
				String policy = subscription.attributes().get("FilterPolicy");
				if (policy != null) {
					subscription.filterPolicy(SnsFilterPolicy.compile(policy, value));
				}
			}
			case "RedrivePolicy" -> validateRedrivePolicy(topic, value);
			default -> {
			}
		}
		if (value.isEmpty() && !name.equals("RawMessageDelivery")) {
			subscription.attributes().remove(name);
		}
		else {
			subscription.attributes().put(name, value);
		}
	}

	private static void validateRedrivePolicy(SnsTopic topic, String value) {
		if (value.isEmpty()) {
			return;
		}
		String target;
		try {
			target = Json.MAPPER.readTree(value).path("deadLetterTargetArn").asString("");
		}
		catch (JacksonException ex) {
			throw SnsFault.invalidParameter("RedrivePolicy: failed to parse JSON");
		}
		// Same account and region only (https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html).
		if (!SqsQueues.isLocalQueueArn(target)) {
			throw SnsFault.invalidParameter("RedrivePolicy: deadLetterTargetArn is not a valid SQS queue ARN in "
					+ "account " + LocalAwsAccount.ACCOUNT_ID + " and region " + LocalAwsAccount.REGION);
		}
		if (topic.fifo() != SqsQueues.isFifo(target)) {
			throw SnsFault.invalidParameter("RedrivePolicy: the dead-letter queue of a subscription to a "
					+ (topic.fifo() ? "FIFO topic must be a FIFO queue" : "standard topic must be a standard queue"));
		}
	}

}
