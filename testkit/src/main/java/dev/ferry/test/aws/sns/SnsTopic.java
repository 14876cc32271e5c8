package dev.ferry.test.aws.sns;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * A topic: its ARN, whether it is FIFO, its settable attributes and, for FIFO topics, the
 * deduplication history.
 */
final class SnsTopic {

	/**
	 * FIFO topics drop a message whose deduplication id was seen in the last 5 minutes.
	 * Source: https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html
	 */
	static final Duration DEDUPLICATION_INTERVAL = Duration.ofMinutes(5);

	/**
	 * Default maximum message size, 256 KiB.
	 * Source: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
	 */
	static final int DEFAULT_MAXIMUM_MESSAGE_SIZE = 262_144;

	/**
	 * Highest MaximumMessageSize a topic accepts, 1 MiB (medium confidence).
	 * Source: https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html
	 */
	static final int MAXIMUM_MESSAGE_SIZE_LIMIT = 1_048_576;

	private final String arn;

	private final String name;

	private final boolean fifo;

	private final Map<String, String> attributes = new ConcurrentHashMap<>();

	private final Map<String, Sent> deduplication = new LinkedHashMap<>();

	private final AtomicLong sequence = new AtomicLong(10_000_000_000_000_000L);

	SnsTopic(String arn, String name, boolean fifo) {
		this.arn = arn;
		this.name = name;
		this.fifo = fifo;
	}

	String arn() {
		return this.arn;
	}

	String name() {
		return this.name;
	}

	boolean fifo() {
		return this.fifo;
	}

	Map<String, String> attributes() {
		return this.attributes;
	}

	boolean contentBasedDeduplication() {
		return "true".equalsIgnoreCase(this.attributes.get("ContentBasedDeduplication"));
	}

	int maximumMessageSize() {
		String value = this.attributes.get("MaximumMessageSize");
		return value == null ? DEFAULT_MAXIMUM_MESSAGE_SIZE : Integer.parseInt(value);
	}

	String signatureVersion() {
		return this.attributes.getOrDefault("SignatureVersion", "1");
	}

	String nextSequenceNumber() {
		return String.format("%020d", this.sequence.incrementAndGet());
	}

	/**
	 * @return the earlier publish with this deduplication id inside the interval, or {@code null}
	 * after recording {@code sent} as the first one
	 */
	synchronized @Nullable Sent deduplicate(String deduplicationId, Sent sent, Instant now) {
		for (Iterator<Sent> it = this.deduplication.values().iterator(); it.hasNext();) {
			if (it.next().at().plus(DEDUPLICATION_INTERVAL).isBefore(now)) {
				it.remove();
			}
		}
		Sent earlier = this.deduplication.get(deduplicationId);
		if (earlier != null) {
			return earlier;
		}
		this.deduplication.put(deduplicationId, sent);
		return null;
	}

	record Sent(String messageId, @Nullable String sequenceNumber, Instant at) {
	}

}
