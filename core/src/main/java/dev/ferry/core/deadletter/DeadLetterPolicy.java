package dev.ferry.core.deadletter;

import org.jspecify.annotations.Nullable;

/**
 * Where consumers of a destination put messages they give up on.
 *
 * @param enabled whether Ferry dead-letters at all; when false, a rejected message is left to the
 * transport's own redelivery (and its native dead-letter queue, if any) and never dropped
 * @param resource physical dead-letter resource; null lets the transport choose (the SQS queue's
 * RedrivePolicy target, {@code <topic>.DLT} on Kafka, {@code <resource>-dlq} in memory)
 */
public record DeadLetterPolicy(boolean enabled, @Nullable String resource) {

	private static final DeadLetterPolicy DEFAULTS = new DeadLetterPolicy(true, null);

	public static DeadLetterPolicy defaults() {
		return DEFAULTS;
	}

	public static DeadLetterPolicy to(String resource) {
		return new DeadLetterPolicy(true, resource);
	}

	public static DeadLetterPolicy disabled() {
		return new DeadLetterPolicy(false, null);
	}

}
