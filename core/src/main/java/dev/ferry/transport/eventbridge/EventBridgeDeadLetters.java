package dev.ferry.transport.eventbridge;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.core.deadletter.DeadLetterInfo;
import org.jspecify.annotations.Nullable;

/**
 * Reads what EventBridge says about an event it put in a rule target's dead-letter queue: the
 * message attributes {@value #RULE_ARN}, {@value #TARGET_ARN}, {@value #ERROR_CODE},
 * {@value #ERROR_MESSAGE}, {@value #EXHAUSTED_RETRY_CONDITION} and {@value #RETRY_ATTEMPTS}.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
public final class EventBridgeDeadLetters {

	public static final String RULE_ARN = "RULE_ARN";

	public static final String TARGET_ARN = "TARGET_ARN";

	public static final String ERROR_CODE = "ERROR_CODE";

	public static final String ERROR_MESSAGE = "ERROR_MESSAGE";

	public static final String EXHAUSTED_RETRY_CONDITION = "EXHAUSTED_RETRY_CONDITION";

	public static final String RETRY_ATTEMPTS = "RETRY_ATTEMPTS";

	/** The X-Ray trace header, kept among the details when the queue delivered one. */
	static final String AWS_TRACE_HEADER = "AWSTraceHeader";

	/** Reason of every dead letter EventBridge itself put in a target's dead-letter queue. */
	public static final String REASON = "EventBridge could not deliver the event to its target";

	private EventBridgeDeadLetters() {
	}

	/**
	 * @param attributes the received message's attributes (string values)
	 * @param originalMessageId the message's id (Ferry's id, or the event id)
	 * @return what EventBridge said, or null when the attributes carry none of its marks
	 */
	public static @Nullable DeadLetterInfo read(Map<String, String> attributes, @Nullable String originalMessageId) {
		if (!attributes.containsKey(RULE_ARN) && !attributes.containsKey(ERROR_CODE)) {
			return null;
		}
		Map<String, String> details = new LinkedHashMap<>();
		putIfSet(details, TARGET_ARN, attributes.get(TARGET_ARN));
		putIfSet(details, EXHAUSTED_RETRY_CONDITION, attributes.get(EXHAUSTED_RETRY_CONDITION));
		putIfSet(details, RETRY_ATTEMPTS, attributes.get(RETRY_ATTEMPTS));
		putIfSet(details, AWS_TRACE_HEADER, attributes.get(AWS_TRACE_HEADER));
		return new DeadLetterInfo(REASON, attributes.get(ERROR_CODE), null, attributes.get(ERROR_MESSAGE),
				attributes.get(RULE_ARN), originalMessageId, attempts(attributes.get(RETRY_ATTEMPTS)), null, details);
	}

	/**
	 * The RETRY_ATTEMPTS EventBridge reports, as it says it (its exact counting, retries or
	 * deliveries, is not documented precisely); 0 when absent or unreadable.
	 */
	private static int attempts(@Nullable String retries) {
		if (retries == null) {
			return 0;
		}
		try {
			return Integer.parseInt(retries.trim());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static void putIfSet(Map<String, String> details, String key, @Nullable String value) {
		if (value != null) {
			details.put(key, value);
		}
	}

}
