package dev.ferry.core.convert;

import java.lang.reflect.Type;

import dev.ferry.core.message.Headers;

/**
 * Turns payloads into bytes for the wire and back. The type id written at publish travels in the
 * {@link dev.ferry.core.message.FerryHeaders#TYPE} header; at consume time the listener's parameter
 * type decides what is produced.
 */
public interface PayloadConverter {

	/** Converts a payload for publishing. */
	Encoded encode(Object payload);

	/**
	 * Reads a body as {@code targetType}.
	 * @throws DeserializationException when the body cannot be read as that type, or the type
	 * header names a type that is not assignable to it
	 */
	Object decode(byte[] body, Headers headers, Type targetType);

	/**
	 * A converted payload.
	 * @param body bytes for the wire
	 * @param typeId type id for the type header
	 * @param contentType media type of the body
	 */
	record Encoded(byte[] body, String typeId, String contentType) {
	}

}
