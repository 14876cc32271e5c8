package dev.ferry.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception Ferry throws. Subtypes say what went wrong in terms a caller can act on:
 * a publish that was not accepted, a payload that cannot be read, a transport failure wrapping the
 * SDK cause, a configuration or hardening failure.
 */
public class FerryException extends RuntimeException {

	public FerryException(String message) {
		super(message);
	}

	public FerryException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
