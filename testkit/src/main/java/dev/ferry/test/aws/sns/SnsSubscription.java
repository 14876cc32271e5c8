package dev.ferry.test.aws.sns;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A subscription of an endpoint to a topic, its settable attributes, its compiled filter policy
 * and, for HTTP/S endpoints, its confirmation state.
 */
final class SnsSubscription {

	private final String arn;

	private final String topicArn;

	private final String protocol;

	private final String endpoint;

	private final String token;

	private final Map<String, String> attributes = new ConcurrentHashMap<>();

	private volatile boolean confirmed;

	private volatile @Nullable SnsFilterPolicy filterPolicy;

	SnsSubscription(String arn, String topicArn, String protocol, String endpoint, String token, boolean confirmed) {
		this.arn = arn;
		this.topicArn = topicArn;
		this.protocol = protocol;
		this.endpoint = endpoint;
		this.token = token;
		this.confirmed = confirmed;
	}

	String arn() {
		return this.arn;
	}

	String topicArn() {
		return this.topicArn;
	}

	String protocol() {
		return this.protocol;
	}

	String endpoint() {
		return this.endpoint;
	}

	String token() {
		return this.token;
	}

	Map<String, String> attributes() {
		return this.attributes;
	}

	boolean confirmed() {
		return this.confirmed;
	}

	void confirm() {
		this.confirmed = true;
	}

	boolean rawMessageDelivery() {
		return "true".equalsIgnoreCase(this.attributes.get("RawMessageDelivery"));
	}

	@Nullable SnsFilterPolicy filterPolicy() {
		return this.filterPolicy;
	}

	void filterPolicy(@Nullable SnsFilterPolicy policy) {
		this.filterPolicy = policy;
	}

	@Nullable String deadLetterTargetArn() {
		String redrive = this.attributes.get("RedrivePolicy");
		if (redrive == null || redrive.isBlank()) {
			return null;
		}
		String arn = dev.ferry.test.aws.Json.MAPPER.readTree(redrive).path("deadLetterTargetArn").asString("");
		return arn.isEmpty() ? null : arn;
	}

}
