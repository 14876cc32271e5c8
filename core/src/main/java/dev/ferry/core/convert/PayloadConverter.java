package dev.ferry.core.convert;

import java.lang.reflect.Type;
import dev.ferry.core.message.Headers;

/**
 * Turns payloads into bytes for the wire and back. The type id written at publish travels in the
 * {@link dev.ferry.core.message.FerryHeaders#TYPE} header; at consume time the listener's parameter
 * type decides what is produced.
 *
 * <p>Bodies and headers come from whoever can send to a destination: implementations must treat
 * them as untrusted input (never build a class a header names unless it is trusted, bound what
 * parsing may consume, keep payloads out of logs).
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
	 * Told each listener's declared parameter type when the listener is registered, before any of
	 * its messages is decoded. A converter that lets a header select a subtype trusts the packages
	 * of these types. Does nothing by default.
	 */
	default void registerListenerType(Type declaredType) {
	}

	/**
	 * Whether a type header may select any class on the classpath (trusted packages include
	 * {@code *}); reported at start-up by the hardening rule {@value TrustedTypes#TRUST_ALL_RULE}.
	 * False by default.
	 */
	default boolean trustsEveryType() {
		return false;
	}

	/**
	 * A converted payload.
	 * @param body bytes for the wire
	 * @param typeId type id for the type header
	 * @param contentType media type of the body
	 */
	record Encoded(byte[] body, String typeId, String contentType) {
	}

}
