package dev.ferry.test.aws.sns;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import dev.ferry.test.aws.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the signed JSON documents SNS sends to endpoints: {@code Notification}
 * (https://docs.aws.amazon.com/sns/latest/dg/http-notification-json.html) and
 * {@code SubscriptionConfirmation} (https://docs.aws.amazon.com/sns/latest/dg/http-subscription-confirmation-json.html),
 * signed as https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html describes.
 */
final class SnsEnvelope {

	/** Path at which the stand-in serves its signing certificate. */
	static final String CERTIFICATE_PATH = "/SimpleNotificationService-ferry-local.pem";

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
			.withZone(ZoneOffset.UTC);

	private final SnsSigningKey key;

	private final URI endpoint;

	SnsEnvelope(SnsSigningKey key, URI endpoint) {
		this.key = key;
		this.endpoint = endpoint;
	}

	static String timestamp(Instant instant) {
		return TIMESTAMP.format(instant);
	}

	String certificateUrl() {
		return this.endpoint + CERTIFICATE_PATH;
	}

	String unsubscribeUrl(String subscriptionArn) {
		return this.endpoint + "/?Action=Unsubscribe&SubscriptionArn=" + encode(subscriptionArn);
	}

	String subscribeUrl(SnsSubscription subscription) {
		return this.endpoint + "/?Action=ConfirmSubscription&TopicArn=" + encode(subscription.topicArn()) + "&Token="
				+ encode(subscription.token());
	}

	String notification(SnsMessage message, String subscriptionArn, String body, String signatureVersion) {
		String timestamp = timestamp(message.timestamp());
		StringBuilder toSign = new StringBuilder();
		field(toSign, "Message", body);
		field(toSign, "MessageId", message.messageId());
		if (message.subject() != null) {
			field(toSign, "Subject", message.subject());
		}
		field(toSign, "Timestamp", timestamp);
		field(toSign, "TopicArn", message.topicArn());
		field(toSign, "Type", "Notification");

		ObjectNode json = Json.MAPPER.createObjectNode();
		json.put("Type", "Notification");
		json.put("MessageId", message.messageId());
		putIfPresent(json, "SequenceNumber", message.sequenceNumber());
		json.put("TopicArn", message.topicArn());
		putIfPresent(json, "Subject", message.subject());
		json.put("Message", body);
		json.put("Timestamp", timestamp);
		json.put("SignatureVersion", signatureVersion);
		json.put("Signature", this.key.sign(toSign.toString(), signatureVersion));
		json.put("SigningCertURL", certificateUrl());
		json.put("UnsubscribeURL", unsubscribeUrl(subscriptionArn));
		if (!message.attributes().isEmpty()) {
			ObjectNode attributes = json.putObject("MessageAttributes");
			for (Map.Entry<String, SnsMessageAttribute> attribute : message.attributes().entrySet()) {
				attributes.putObject(attribute.getKey()).put("Type", attribute.getValue().dataType()).put("Value",
						attribute.getValue().displayValue());
			}
		}
		return Json.MAPPER.writeValueAsString(json);
	}

	String subscriptionConfirmation(SnsSubscription subscription, String messageId, Instant at,
			String signatureVersion) {
		String timestamp = timestamp(at);
		String text = "You have chosen to subscribe to the topic " + subscription.topicArn()
				+ ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
		String subscribeUrl = subscribeUrl(subscription);
		StringBuilder toSign = new StringBuilder();
		field(toSign, "Message", text);
		field(toSign, "MessageId", messageId);
		field(toSign, "SubscribeURL", subscribeUrl);
		field(toSign, "Timestamp", timestamp);
		field(toSign, "Token", subscription.token());
		field(toSign, "TopicArn", subscription.topicArn());
		field(toSign, "Type", "SubscriptionConfirmation");

		ObjectNode json = Json.MAPPER.createObjectNode();
		json.put("Type", "SubscriptionConfirmation");
		json.put("MessageId", messageId);
		json.put("Token", subscription.token());
		json.put("TopicArn", subscription.topicArn());
		json.put("Message", text);
		json.put("SubscribeURL", subscribeUrl);
		json.put("Timestamp", timestamp);
		json.put("SignatureVersion", signatureVersion);
		json.put("Signature", this.key.sign(toSign.toString(), signatureVersion));
		json.put("SigningCertURL", certificateUrl());
		return Json.MAPPER.writeValueAsString(json);
	}

	private static void field(StringBuilder toSign, String name, String value) {
		toSign.append(name).append('\n').append(value).append('\n');
	}

	private static void putIfPresent(ObjectNode json, String name, @Nullable String value) {
		if (value != null) {
			json.put(name, value);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
