package dev.ferry.core.convert;

import dev.ferry.core.FerryException;
import org.jspecify.annotations.Nullable;

/**
 * A payload could not be read as the listener's type: malformed content, or a type header naming
 * a type the listener cannot take. Never retried: the message goes to the dead-letter path.
 */
public class DeserializationException extends FerryException {

	public DeserializationException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
