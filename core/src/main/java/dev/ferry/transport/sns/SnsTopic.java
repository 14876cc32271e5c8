package dev.ferry.transport.sns;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A topic as SNS describes it.
 *
 * @param arn topic ARN
 * @param attributes GetTopicAttributes
 */
record SnsTopic(String arn, Map<String, String> attributes) {

	SnsTopic {
		attributes = Map.copyOf(attributes);
	}

	String name() {
		return nameOf(this.arn);
	}

	boolean fifo() {
		return Boolean.parseBoolean(this.attributes.get("FifoTopic")) || name().endsWith(".fifo");
	}

	@Nullable String kmsMasterKeyId() {
		String key = this.attributes.get("KmsMasterKeyId");
		return key == null || key.isBlank() ? null : key;
	}

	@Nullable String policy() {
		return this.attributes.get("Policy");
	}

	/** Region of the topic, from its ARN. */
	String region() {
		return part(this.arn, 3);
	}

	/** Account of the topic, from its ARN. */
	String account() {
		return part(this.arn, 4);
	}

	/** The topic's own MaximumMessageSize attribute, when SNS reports one. */
	@Nullable Long maximumMessageSize() {
		String value = this.attributes.get("MaximumMessageSize");
		try {
			return value == null ? null : Long.valueOf(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** The last part of an ARN, or the text itself when it is a name. */
	static String nameOf(String resource) {
		int colon = resource.lastIndexOf(':');
		return colon >= 0 ? resource.substring(colon + 1) : resource;
	}

	static String part(String arn, int index) {
		String[] parts = arn.split(":", 6);
		return parts.length > index ? parts[index] : "";
	}

}
