package dev.ferry.core.consume;

import dev.ferry.core.FerryException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler to say that trying again cannot help: the message goes to the dead-letter
 * path at once.
 */
public class NonRetryableException extends FerryException {

	public NonRetryableException(String message) {
		super(message);
	}

	public NonRetryableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
