package dev.ferry.transport.sns;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.DeadLetterReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads messages of an SNS subscription's dead-letter queue (a destination with
 * {@code envelope: sns}). SNS moves a message there when it cannot deliver it to the subscribed
 * queue and attaches nothing to say so, so a message there that neither Ferry nor SQS's redrive
 * marked is one SNS could not deliver: its source is the topic (from the envelope's TopicArn, else
 * the configured topic) and the subscription (from the envelope's UnsubscribeURL, else the
 * configured one).
 */
final class SnsDeadLetterReader implements DeadLetterReader {

	/** Error code of a message SNS could not deliver to its subscription. */
	static final String DELIVERY_FAILED = "SNS_DELIVERY_FAILED";

	private final @Nullable String topicArn;

	private final @Nullable String subscriptionArn;

	SnsDeadLetterReader(@Nullable String topicArn, @Nullable String subscriptionArn) {
		this.topicArn = topicArn;
		this.subscriptionArn = subscriptionArn;
	}

	@Override
	public @Nullable DeadLetterInfo read(InboundMessage delivered, InboundMessage read) {
		String topic = read.attributes().getOrDefault(SnsEnvelopeReader.ATTRIBUTE_PREFIX + "TopicArn", this.topicArn);
		String subscription = subscriptionOf(read.attributes().get(SnsEnvelopeReader.ATTRIBUTE_PREFIX + "UnsubscribeURL"));
		if (subscription == null) {
			subscription = this.subscriptionArn;
		}
		Map<String, String> details = new LinkedHashMap<>();
		if (subscription != null) {
			details.put("subscriptionArn", subscription);
		}
		String snsId = read.attributes().get(SnsEnvelopeReader.ATTRIBUTE_PREFIX + "MessageId");
		if (snsId != null) {
			details.put("snsMessageId", snsId);
		}
		return new DeadLetterInfo("SNS could not deliver the message to its subscription", DELIVERY_FAILED, null, null,
				topic, read.id(), 0, null, details);
	}

	/** The SubscriptionArn parameter of an UnsubscribeURL. */
	static @Nullable String subscriptionOf(@Nullable String unsubscribeUrl) {
		if (unsubscribeUrl == null) {
			return null;
		}
		int start = unsubscribeUrl.indexOf("SubscriptionArn=");
		if (start < 0) {
			return null;
		}
		String value = unsubscribeUrl.substring(start + "SubscriptionArn=".length());
		int end = value.indexOf('&');
		return URLDecoder.decode(end >= 0 ? value.substring(0, end) : value, StandardCharsets.UTF_8);
	}

}
