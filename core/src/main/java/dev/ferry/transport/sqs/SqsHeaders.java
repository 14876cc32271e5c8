package dev.ferry.transport.sqs;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.core.message.Headers;
import dev.ferry.core.message.Utf8;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.MessageAttributeNames;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Maps Ferry headers to SQS message attributes and back, and counts them the way SQS does. Every
 * header becomes one {@code String} attribute (so Ferry's own headers use the budget of ten too);
 * the X-Ray header {@link #AWS_TRACE_HEADER} travels as the system attribute of that name, which
 * SQS counts neither against the size nor the attribute limit.
 */
public final class SqsHeaders {

	/**
	 * Header under which an X-Ray trace header is given at publish and surfaced on receive; sent as
	 * the {@code AWSTraceHeader} system attribute.
	 * https://docs.aws.amazon.com/xray/latest/devguide/xray-services-sqs.html
	 */
	public static final String AWS_TRACE_HEADER = "AWSTraceHeader";

	/**
	 * System attributes requested on every receive. SQS returns none unless asked; "All" is avoided
	 * so the list documents what Ferry reads.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
	 */
	public static final List<MessageSystemAttributeName> SYSTEM_ATTRIBUTES = List.of(
			MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
			MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, MessageSystemAttributeName.SENT_TIMESTAMP,
			MessageSystemAttributeName.SENDER_ID, MessageSystemAttributeName.AWS_TRACE_HEADER,
			MessageSystemAttributeName.MESSAGE_GROUP_ID, MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID,
			MessageSystemAttributeName.SEQUENCE_NUMBER, MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN);

	static final String STRING = "String";

	/**
	 * Attribute names: letters, digits, underscore, hyphen and period, at most 256 characters, not
	 * starting with "AWS." or "Amazon." (any case), no leading/trailing or double period.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
	 */

	private SqsHeaders() {
	}

	/** User and Ferry headers as String message attributes, without the X-Ray header. */
	public static Map<String, MessageAttributeValue> toAttributes(Headers headers) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
		headers.asMap().forEach((name, value) -> {
			if (!AWS_TRACE_HEADER.equals(name)) {
				attributes.put(name, MessageAttributeValue.builder().dataType(STRING).stringValue(value).build());
			}
		});
		return attributes;
	}

	/** Headers from received message attributes; Binary values are Base64-encoded. */
	public static Map<String, String> fromAttributes(Map<String, MessageAttributeValue> attributes) {
		Map<String, String> headers = new LinkedHashMap<>();
		attributes.forEach((name, value) -> {
			if (value.stringValue() != null) {
				headers.put(name, value.stringValue());
			}
			else if (value.binaryValue() != null) {
				headers.put(name, Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
			}
		});
		return headers;
	}

	/** Attribute bytes as SQS counts them: name, data type and value of each. */
	public static long attributeBytes(Map<String, MessageAttributeValue> attributes) {
		long size = 0;
		for (Map.Entry<String, MessageAttributeValue> entry : attributes.entrySet()) {
			MessageAttributeValue value = entry.getValue();
			size += Utf8.length(entry.getKey()) + Utf8.length(value.dataType());
			if (value.stringValue() != null) {
				size += Utf8.length(value.stringValue());
			}
			else if (value.binaryValue() != null) {
				size += value.binaryValue().asByteArray().length;
			}
		}
		return size;
	}

	/** Size of the message as SQS counts it against the message size limit. */
	public static long sizeOf(EncodedMessage message) {
		long size = message.body().length;
		for (Map.Entry<String, String> header : message.headers().asMap().entrySet()) {
			if (!AWS_TRACE_HEADER.equals(header.getKey())) {
				size += Utf8.length(header.getKey()) + STRING.length() + Utf8.length(header.getValue());
			}
		}
		return size;
	}

	/** Number of message attributes the headers become. */
	public static int attributeCount(Headers headers) {
		return headers.contains(AWS_TRACE_HEADER) ? headers.size() - 1 : headers.size();
	}

	/** Why SQS would refuse the headers, or null when it accepts them. */
	static @Nullable String problemWith(Headers headers) {
		for (Map.Entry<String, String> header : headers.asMap().entrySet()) {
			String name = header.getKey();
			if (AWS_TRACE_HEADER.equals(name)) {
				continue;
			}
			if (!MessageAttributeNames.isValid(name)) {
				return "header name '" + name + "' is not a valid SQS message attribute name (letters, digits, "
						+ "'_', '-', '.', at most 256 characters, not starting with 'AWS.' or 'Amazon.')";
			}
			if (header.getValue().isEmpty()) {
				return "header '" + name + "' has an empty value; SQS message attributes must not be empty";
			}
		}
		return null;
	}

	static SdkBytes bytes(byte[] body) {
		return SdkBytes.fromByteArray(body);
	}

}
