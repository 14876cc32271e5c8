package dev.ferry.core.transport;

import java.time.Duration;
import java.util.Objects;

import dev.ferry.core.message.Headers;
import org.jspecify.annotations.Nullable;

/**
 * A message ready for the wire: payload already converted to bytes, Ferry headers added. What a
 * {@link Transport} sends.
 *
 * @param id Ferry's message id
 * @param body converted payload
 * @param headers user headers plus Ferry's own
 * @param key ordering/partition key
 * @param deduplicationId deduplication id
 * @param delay requested delivery delay (zero for none)
 */
public record EncodedMessage(String id, byte[] body, Headers headers, @Nullable String key,
		@Nullable String deduplicationId, Duration delay) {

	public EncodedMessage {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(body, "body");
		Objects.requireNonNull(headers, "headers");
		Objects.requireNonNull(delay, "delay");
	}

	/** Body plus UTF-8 header names and values: the size most transports count against their limit. */
	public long sizeInBytes() {
		return this.body.length + this.headers.utf8Length();
	}

}
