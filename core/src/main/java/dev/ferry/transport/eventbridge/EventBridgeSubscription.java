package dev.ferry.transport.eventbridge;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One rule that routes events of a bus to one subscriber's SQS queue: what provisioning creates and
 * what hardening inspects. Per Ferry's fan-out rule every listener id is a subscriber, so every
 * listener id has its own queue and its own target.
 *
 * @param property configuration prefix the settings came from, for error messages
 * @param eventBus bus name
 * @param rule rule name
 * @param pattern event pattern as JSON (validated)
 * @param queueUrl URL of the target queue
 * @param queueArn ARN of the target queue
 * @param fifo whether the target queue is FIFO (the target then needs a MessageGroupId)
 * @param messageGroupId MessageGroupId of a FIFO target
 * @param deadLetterQueue name of the target's own dead-letter queue (standard SQS), created when
 * provisioning
 * @param maxRetryAttempts the target's RetryPolicy MaximumRetryAttempts
 * @param maxEventAge the target's RetryPolicy MaximumEventAgeInSeconds
 * @param inputPath the target's InputPath ({@code $.detail} delivers the bare detail), or null for the
 * whole event
 * @param kmsKeyId customer-managed key of the queues Ferry creates, or null for SSE-SQS
 * @param archiveRetention when set, an archive of the bus filtered by the pattern keeps events
 * that long (whole days, 0 = indefinitely)
 */
public record EventBridgeSubscription(String property, String eventBus, String rule, String pattern,
		String queueUrl, String queueArn, boolean fifo, @Nullable String messageGroupId, String deadLetterQueue,
		int maxRetryAttempts, Duration maxEventAge, @Nullable String inputPath, @Nullable String kmsKeyId,
		@Nullable Duration archiveRetention) {

	public EventBridgeSubscription {
		Objects.requireNonNull(property, "property");
		Objects.requireNonNull(eventBus, "eventBus");
		Objects.requireNonNull(rule, "rule");
		Objects.requireNonNull(pattern, "pattern");
		Objects.requireNonNull(queueUrl, "queueUrl");
		Objects.requireNonNull(queueArn, "queueArn");
		Objects.requireNonNull(deadLetterQueue, "deadLetterQueue");
		Objects.requireNonNull(maxEventAge, "maxEventAge");
	}

	/** Target id: the queue's name, cut to the 64 characters a target id may have. */
	public String targetId() {
		String name = queueArn.substring(queueArn.lastIndexOf(':') + 1).replaceAll("[^.\\-_A-Za-z0-9]", "-");
		return name.length() <= 64 ? name : name.substring(0, 64);
	}

	/** Account of the target queue, read from its ARN. */
	public String account() {
		String[] parts = this.queueArn.split(":");
		return parts.length > 4 ? parts[4] : "";
	}

	/** Archive name: the rule's name with {@code -archive}, within the 48 characters an archive name may have. */
	public String archiveName() {
		String name = this.rule + "-archive";
		return name.length() <= 48 ? name : name.substring(name.length() - 48);
	}

}
