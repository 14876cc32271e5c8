package dev.ferry.core.deadletter;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What is known about a message that reached a dead-letter destination: who put it there and why.
 * Filled from what Ferry wrote when it dead-lettered the message itself, and from what the
 * transport or an AWS service attached (SQS DeadLetterQueueSourceArn and receive count,
 * EventBridge RULE_ARN / TARGET_ARN / ERROR_CODE / ERROR_MESSAGE, Kafka DLT headers). Fields are
 * null when nothing said them.
 *
 * @param reason why it was dead-lettered, in words ({@code retries exhausted}, {@code poison: ...})
 * @param errorCode machine-readable code (an AWS error code, or Ferry's {@code RETRIES_EXHAUSTED},
 * {@code NON_RETRYABLE}, {@code DESERIALIZATION}, {@code REJECTED})
 * @param exceptionType class name of the exception that caused it
 * @param exceptionMessage its message
 * @param source the resource it came from (queue ARN, topic, rule ARN ...)
 * @param originalMessageId the message's id at its source
 * @param attempts deliveries made before it was given up, when known (0 = unknown)
 * @param failedAt when it was given up
 * @param details anything else the transport or service said (partition, offset, target ARN,
 * trace header ...)
 */
public record DeadLetterInfo(String reason, @Nullable String errorCode, @Nullable String exceptionType,
		@Nullable String exceptionMessage, @Nullable String source, @Nullable String originalMessageId, int attempts,
		@Nullable Instant failedAt, Map<String, String> details) {

	/** Ferry's error code for a message whose retries ran out. */
	public static final String RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED";

	/** Ferry's error code for a failure classified as not retryable. */
	public static final String NON_RETRYABLE = "NON_RETRYABLE";

	/** Ferry's error code for a payload that could not be read. */
	public static final String DESERIALIZATION = "DESERIALIZATION";

	/** Ferry's error code for a message the transport's own redrive moved, reason unknown. */
	public static final String MAX_RECEIVES = "MAX_RECEIVE_COUNT";

	public DeadLetterInfo {
		details = Map.copyOf(details);
	}

	public @Nullable String detail(String key) {
		return this.details.get(key);
	}

}
