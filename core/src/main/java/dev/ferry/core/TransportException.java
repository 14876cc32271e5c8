package dev.ferry.core;

import org.jspecify.annotations.Nullable;

/** A transport (SDK, broker, network) failed; the cause is the transport's own exception. */
public class TransportException extends FerryException {

	private final boolean retryable;

	public TransportException(String message, @Nullable Throwable cause, boolean retryable) {
		super(message, cause);
		this.retryable = retryable;
	}

	/** Whether trying the same operation again may succeed. */
	public boolean isRetryable() {
		return this.retryable;
	}

}
