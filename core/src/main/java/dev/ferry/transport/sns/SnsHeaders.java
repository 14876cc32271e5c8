package dev.ferry.transport.sns;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.core.message.Headers;
import dev.ferry.core.message.Utf8;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.MessageAttributeNames;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * Maps Ferry headers to SNS message attributes and back. Every header becomes one {@code String}
 * attribute. SNS accepts more, but delivery to an SQS queue keeps at most ten (SQS's limit), so
 * Ferry refuses an eleventh before publishing rather than lose headers on the way. The X-Ray header
 * travels as an attribute named {@link #AWS_TRACE_HEADER}: SNS's API has no system attribute for it.
 */
public final class SnsHeaders {

	/** Header carrying an X-Ray trace header; an ordinary message attribute on SNS. */
	public static final String AWS_TRACE_HEADER = "AWSTraceHeader";

	/** Most message attributes that survive delivery to an SQS subscription (SQS's limit). */
	public static final int MAX_ATTRIBUTES = 10;

	static final String STRING = "String";

	/**
	 * Attribute names: letters, digits, underscore, hyphen and period, at most 256 characters, not
	 * starting with "AWS." or "Amazon.", no leading, trailing or double period.
	 * https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html
	 */

	private SnsHeaders() {
	}

	/** Headers as String message attributes. */
	public static Map<String, MessageAttributeValue> toAttributes(Headers headers) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		headers.asMap().forEach((name, value) -> attributes.put(name,
				MessageAttributeValue.builder().dataType(STRING).stringValue(value).build()));
		return attributes;
	}

	/**
	 * Headers from the {@code MessageAttributes} of a notification envelope
	 * ({@code {"name": {"Type": "String", "Value": "..."}}}); Binary values stay Base64 as SNS wrote them.
	 */
	public static Map<String, String> fromEnvelope(@Nullable JsonNode attributes) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (attributes == null || !attributes.isObject()) {
			return headers;
		}
		for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
			JsonNode value = attribute.getValue().get("Value");
			if (value != null && !value.isNull()) {
				headers.put(attribute.getKey(), value.isString() ? value.asString() : value.toString());
			}
		}
		return headers;
	}

	/** Size of the message as SNS counts it: message text plus each attribute's name, type and value. */
	public static long sizeOf(EncodedMessage message) {
		long size = message.body().length;
		for (Map.Entry<String, String> header : message.headers().asMap().entrySet()) {
			size += Utf8.length(header.getKey()) + STRING.length() + Utf8.length(header.getValue());
		}
		return size;
	}

	/** Why SNS (or the SQS subscription behind it) would refuse or lose the headers, or null. */
	static @Nullable String problemWith(Headers headers) {
		if (headers.size() > MAX_ATTRIBUTES) {
			return headers.size() + " headers including Ferry's own; at most " + MAX_ATTRIBUTES
					+ " message attributes survive delivery to an SQS subscription";
		}
		for (Map.Entry<String, String> header : headers.asMap().entrySet()) {
			String name = header.getKey();
			if (!MessageAttributeNames.isValid(name)) {
				return "header name '" + name + "' is not a valid SNS message attribute name (letters, digits, "
						+ "'_', '-', '.', at most 256 characters, not starting with 'AWS.' or 'Amazon.')";
			}
			if (header.getValue().isEmpty()) {
				return "header '" + name + "' has an empty value; SNS message attributes must not be empty";
			}
		}
		return null;
	}

}
