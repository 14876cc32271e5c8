package dev.ferry.transport.eventbridge;

import java.time.Duration;

/**
 * Service limits of Amazon EventBridge that Ferry relies on, each with the AWS page it comes from.
 * The one whose exact meaning is unverified (the PutEvents size limit) is only the default of
 * {@link EventBridgeOptions#maxRequestBytes()}, which a property overrides.
 */
public final class EventBridgeLimits {

	/**
	 * Entries per PutEvents request.
	 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
	 */
	public static final int MAX_BATCH_ENTRIES = 10;

	/**
	 * Size limit of PutEvents, 1 MB since 2026-01-29 ("Amazon EventBridge increases event payload
	 * size to 1 MB", https://aws.amazon.com/blogs/compute/ ; previously 256 KB). Whether AWS applies it
	 * per entry or per request is unverified, so Ferry applies it to the whole request, which is
	 * safe under either reading; read as 1,048,576 bytes. Overridden by
	 * {@code ferry.eventbridge.max-request-size}.
	 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
	 */
	public static final long MAX_REQUEST_BYTES = 1_048_576L;

	/**
	 * Bytes an entry's {@code Time} counts when it is set (the other counted fields are the UTF-8
	 * bytes of Source, DetailType, Detail and each Resource).
	 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
	 */
	public static final int TIME_ENTRY_BYTES = 14;

	/**
	 * Target RetryPolicy: MaximumRetryAttempts 0-185 (185 is the default), MaximumEventAgeInSeconds
	 * 60-86,400 (86,400 = 24 h is the default).
	 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
	 */
	public static final int MAX_RETRY_ATTEMPTS = 185;

	/** See {@link #MAX_RETRY_ATTEMPTS}. */
	public static final Duration MIN_EVENT_AGE = Duration.ofSeconds(60);

	/** See {@link #MAX_RETRY_ATTEMPTS}. */
	public static final Duration MAX_EVENT_AGE = Duration.ofSeconds(86_400);

	private EventBridgeLimits() {
	}

}
