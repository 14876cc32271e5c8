package dev.ferry.core.message;

import java.util.Set;

/**
 * Names of the headers Ferry itself writes. They are few on purpose: on SQS each one uses one of
 * the ten message attributes a message may carry. Names use only characters every transport
 * accepts in a header or attribute name.
 */
public final class FerryHeaders {

	/** Ferry's id of the message, assigned at publish and kept across redelivery and dead-lettering. */
	public static final String MESSAGE_ID = "ferry-id";

	/** Type id of the payload (by default the payload's class name). */
	public static final String TYPE = "ferry-type";

	/** Media type of the body; absent means {@code application/json}. */
	public static final String CONTENT_TYPE = "ferry-content-type";

	/** Deduplication id given at publish, for transports that have no native field for it. */
	public static final String DEDUPLICATION_ID = "ferry-dedup-id";

	/**
	 * What Ferry knows about why a message was dead-lettered, as one compact value (see
	 * {@link dev.ferry.core.deadletter.DeadLetterCodec}). One header rather than several keeps the
	 * attribute budget of SQS.
	 */
	public static final String DEAD_LETTER = "ferry-dead-letter";

	/** W3C trace context. */
	public static final String TRACEPARENT = "traceparent";

	/** Headers Ferry owns; user headers must not use these names. */
	public static final Set<String> RESERVED = Set.of(MESSAGE_ID, TYPE, CONTENT_TYPE, DEDUPLICATION_ID, DEAD_LETTER);

	private FerryHeaders() {
	}

}
