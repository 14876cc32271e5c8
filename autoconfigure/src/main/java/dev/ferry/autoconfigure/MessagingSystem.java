package dev.ferry.autoconfigure;

/**
 * The {@code messaging.system} tag of a Ferry transport: OpenTelemetry's well-known value where the
 * messaging semantic conventions define one ({@code aws_sqs}, {@code kafka}), otherwise the Ferry
 * transport name, so no value is invented.
 */
public final class MessagingSystem {

	private MessagingSystem() {
	}

	public static String of(String transport) {
		return switch (transport) {
			case "sqs" -> "aws_sqs";
			case "kafka" -> "kafka";
			default -> transport;
		};
	}

}
