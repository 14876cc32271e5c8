package dev.ferry.test.aws.sns;

import java.time.Instant;
import java.util.Map;

import dev.ferry.test.aws.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One message accepted by Publish or PublishBatch, as it fans out to the subscriptions.
 *
 * @param messageId the SNS message id
 * @param topicArn the topic
 * @param subject the subject, if any
 * @param message the Message parameter as published
 * @param jsonStructure whether MessageStructure was {@code json} (one message per protocol)
 * @param attributes the message attributes
 * @param groupId the FIFO message group id
 * @param deduplicationId the FIFO deduplication id (explicit or content based)
 * @param sequenceNumber the FIFO sequence number
 * @param timestamp when SNS accepted the message
 */
record SnsMessage(String messageId, String topicArn, @Nullable String subject, String message, boolean jsonStructure,
		Map<String, SnsMessageAttribute> attributes, @Nullable String groupId, @Nullable String deduplicationId,
		@Nullable String sequenceNumber, Instant timestamp) {

	/**
	 * The text a protocol receives: with MessageStructure {@code json} the protocol's own key or
	 * {@code default} (https://docs.aws.amazon.com/sns/latest/dg/sns-send-custom-platform-specific-payloads-mobile-devices.html).
	 */
	String bodyFor(String protocol) {
		if (!this.jsonStructure) {
			return this.message;
		}
		JsonNode structure = Json.MAPPER.readTree(this.message);
		JsonNode specific = structure.path(protocol);
		return specific.isString() ? specific.asString() : structure.path("default").asString("");
	}

}
