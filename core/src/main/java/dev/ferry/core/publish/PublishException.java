package dev.ferry.core.publish;

import dev.ferry.core.FerryException;
import org.jspecify.annotations.Nullable;

/**
 * A message was not accepted for publishing.
 */
public class PublishException extends FerryException {

	private final String destination;

	private final String errorCode;

	private final boolean retryable;

	public PublishException(String message, String destination, String errorCode, boolean retryable,
			@Nullable Throwable cause) {
		super(message, cause);
		this.destination = destination;
		this.errorCode = errorCode;
		this.retryable = retryable;
	}

	/** Logical destination. */
	public String destination() {
		return this.destination;
	}

	/** Transport error code or Ferry's ({@code PayloadTooLarge}, {@code UnknownDestination}, ...). */
	public String errorCode() {
		return this.errorCode;
	}

	/** Whether publishing the same message again may succeed. */
	public boolean isRetryable() {
		return this.retryable;
	}

}
