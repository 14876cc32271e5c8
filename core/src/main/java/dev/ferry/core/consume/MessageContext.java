package dev.ferry.core.consume;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import org.jspecify.annotations.Nullable;

/**
 * What a handler may know about the message it is handling, beyond its payload.
 */
public final class MessageContext {

	private final InboundMessage message;

	private final @Nullable DeadLetterInfo deadLetterInfo;

	public MessageContext(InboundMessage message, @Nullable DeadLetterInfo deadLetterInfo) {
		this.message = message;
		this.deadLetterInfo = deadLetterInfo;
	}

	/** Ferry's message id. */
	public String messageId() {
		return this.message.id();
	}

	/** The transport's own message id. */
	public String transportMessageId() {
		return this.message.transportMessageId();
	}

	/** Logical destination it was received from. */
	public String destination() {
		return this.message.destination();
	}

	public Headers headers() {
		return this.message.headers();
	}

	public @Nullable String key() {
		return this.message.key();
	}

	public @Nullable String deduplicationId() {
		return this.message.deduplicationId();
	}

	/** Delivery attempt, 1 for the first. */
	public int attempt() {
		return this.message.attempt();
	}

	public Optional<Instant> sentAt() {
		return Optional.ofNullable(this.message.sentAt());
	}

	/** Transport metadata: system attributes, partition, offset, sequence number. */
	public Map<String, String> transportAttributes() {
		return this.message.attributes();
	}

	/** Present when the message came from a dead-letter destination. */
	public Optional<DeadLetterInfo> deadLetterInfo() {
		return Optional.ofNullable(this.deadLetterInfo);
	}

	/** The raw received message. */
	public InboundMessage raw() {
		return this.message;
	}

	@Override
	public String toString() {
		return "MessageContext[" + this.message.reference() + ", attempt=" + attempt() + "]";
	}

}
