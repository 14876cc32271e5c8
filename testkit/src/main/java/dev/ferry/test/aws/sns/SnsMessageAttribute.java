package dev.ferry.test.aws.sns;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.ferry.test.aws.Json;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One SNS message attribute of type {@code String}, {@code String.Array}, {@code Number} or
 * {@code Binary} (optionally with a custom suffix such as {@code Number.float}), per
 * https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html.
 *
 * @param dataType the data type as sent
 * @param stringValue the value of String, String.Array and Number attributes
 * @param binaryValue the value of Binary attributes
 */
record SnsMessageAttribute(String dataType, @Nullable String stringValue, byte @Nullable [] binaryValue) {

	static SnsMessageAttribute validated(String name, String dataType, @Nullable String stringValue,
			byte @Nullable [] binaryValue) {
		SnsMessageAttribute attribute = new SnsMessageAttribute(dataType, stringValue, binaryValue);
		String base = attribute.baseType();
		if (!base.equals("String") && !base.equals("Number") && !base.equals("Binary")) {
			throw invalid("The message attribute '" + name + "' has an invalid message attribute type, the set of "
					+ "supported type prefixes is Binary, Number, and String.");
		}
		if (base.equals("Binary") ? binaryValue == null : (stringValue == null || stringValue.isEmpty())) {
			throw invalid("The message attribute '" + name + "' must contain non-empty message attribute value for "
					+ "message attribute type '" + dataType + "'.");
		}
		if (base.equals("Number")) {
			try {
				new BigDecimal(stringValue.trim());
			}
			catch (NumberFormatException ex) {
				throw invalid("An invalid or out-of-range value was supplied for the message attribute '" + name
						+ "' of type Number");
			}
		}
		if (attribute.isArray()) {
			try {
				if (!Json.MAPPER.readTree(stringValue).isArray()) {
					throw invalid("The message attribute '" + name + "' of type String.Array must be a JSON array");
				}
			}
			catch (JacksonException ex) {
				throw invalid("The message attribute '" + name + "' of type String.Array must be a JSON array");
			}
		}
		return attribute;
	}

	private static SnsFault invalid(String message) {
		return new SnsFault("ParameterValueInvalid", 400, message);
	}

	String baseType() {
		int dot = this.dataType.indexOf('.');
		return dot < 0 ? this.dataType : this.dataType.substring(0, dot);
	}

	boolean isArray() {
		return this.dataType.equals("String.Array");
	}

	/** @return the value as the envelope and HTTP deliveries show it (Binary as Base64) */
	String displayValue() {
		return this.binaryValue != null ? Base64.getEncoder().encodeToString(this.binaryValue)
				: (this.stringValue == null ? "" : this.stringValue);
	}

	/** @return the value as event-ruler should see it, or {@code null} for Binary (never filtered on) */
	@Nullable JsonNode filterValue() {
		if (baseType().equals("Binary")) {
			return null;
		}
		if (isArray()) {
			return Json.MAPPER.readTree(this.stringValue);
		}
		if (baseType().equals("Number")) {
			return Json.MAPPER.getNodeFactory().numberNode(new BigDecimal(this.stringValue.trim()));
		}
		return Json.MAPPER.getNodeFactory().stringNode(this.stringValue);
	}

	/** @return the bytes counted towards the message size: name, type and value */
	int size(String name) {
		int value = this.binaryValue != null ? this.binaryValue.length
				: (this.stringValue == null ? 0 : this.stringValue.getBytes(StandardCharsets.UTF_8).length);
		return name.getBytes(StandardCharsets.UTF_8).length + this.dataType.getBytes(StandardCharsets.UTF_8).length
				+ value;
	}

	/** @return the attribute as SQS receives it with raw message delivery */
	MessageAttributeValue toSqs() {
		MessageAttributeValue.Builder builder = MessageAttributeValue.builder().dataType(this.dataType);
		if (this.binaryValue != null) {
			builder.binaryValue(SdkBytes.fromByteArray(this.binaryValue));
		}
		else {
			builder.stringValue(this.stringValue);
		}
		return builder.build();
	}

}
