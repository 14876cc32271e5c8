package dev.ferry.core.transport;

import java.util.Map;
import java.util.Objects;

/**
 * Whether a transport's backend answered a cheap, bounded call.
 *
 * @param status {@link Status#UP} when it answered, {@link Status#DOWN} when it failed or timed out,
 * {@link Status#UNKNOWN} when the transport cannot tell
 * @param details what was asked and, when down, why (never credentials or payloads)
 */
public record TransportHealth(Status status, Map<String, Object> details) {

	public TransportHealth {
		Objects.requireNonNull(status, "status");
		details = Map.copyOf(details);
	}

	public static TransportHealth up(Map<String, Object> details) {
		return new TransportHealth(Status.UP, details);
	}

	public static TransportHealth down(String error) {
		return new TransportHealth(Status.DOWN, Map.of("error", error));
	}

	public static TransportHealth unknown() {
		return new TransportHealth(Status.UNKNOWN, Map.of());
	}

	public enum Status {

		UP, DOWN, UNKNOWN

	}

}
