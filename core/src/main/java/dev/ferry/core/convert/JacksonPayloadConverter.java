package dev.ferry.core.convert;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON through Jackson 3. Strings and byte arrays pass through untouched. The type id is the
 * payload's class name. On reading, a type header naming a subtype of the listener's parameter
 * type selects that subtype (so a listener of a sealed interface receives the concrete record);
 * a type header naming a known class that is not assignable is a {@link DeserializationException};
 * an unknown class name (another service's class) is ignored and the parameter type is used.
 */
public final class JacksonPayloadConverter implements PayloadConverter {

	public static final String JSON = "application/json";

	public static final String TEXT = "text/plain";

	public static final String BINARY = "application/octet-stream";

	private final JsonMapper mapper;

	private final Map<String, Class<?>> resolvedTypes = new ConcurrentHashMap<>();

	private final Map<Type, JavaType> javaTypes = new ConcurrentHashMap<>();

	public JacksonPayloadConverter() {
		this(JsonMapper.builder().findAndAddModules().build());
	}

	public JacksonPayloadConverter(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public Encoded encode(Object payload) {
		if (payload instanceof byte[] bytes) {
			return new Encoded(bytes, byte[].class.getName(), BINARY);
		}
		if (payload instanceof String text) {
			return new Encoded(text.getBytes(StandardCharsets.UTF_8), String.class.getName(), TEXT);
		}
		try {
			return new Encoded(this.mapper.writeValueAsBytes(payload), payload.getClass().getName(), JSON);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"Cannot convert payload of type " + payload.getClass().getName() + " to JSON: " + ex.getOriginalMessage(),
					ex);
		}
	}

	@Override
	public Object decode(byte[] body, Headers headers, Type targetType) {
		if (targetType == byte[].class) {
			return body;
		}
		if (targetType == String.class) {
			return new String(body, StandardCharsets.UTF_8);
		}
		JavaType target = this.javaTypes.computeIfAbsent(targetType, this.mapper::constructType);
		JavaType effective = narrow(target, headers.getOrNull(FerryHeaders.TYPE));
		try {
			Object value = this.mapper.readValue(body, effective);
			if (value == null) {
				throw new DeserializationException("Payload is JSON null; expected " + effective.toCanonical(), null);
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new DeserializationException(
					"Cannot read payload as " + effective.toCanonical() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private JavaType narrow(JavaType target, @Nullable String typeId) {
		if (typeId == null || typeId.equals(target.getRawClass().getName()) || target.isContainerType()) {
			return target;
		}
		Class<?> named = resolve(typeId);
		if (named == null) {
			return target;
		}
		if (!target.getRawClass().isAssignableFrom(named)) {
			throw new DeserializationException("Type header names " + typeId + ", which is not a "
					+ target.getRawClass().getName() + " (the listener's parameter type)", null);
		}
		return this.mapper.getTypeFactory().constructSpecializedType(target, named);
	}

	private @Nullable Class<?> resolve(String typeId) {
		Class<?> cached = this.resolvedTypes.get(typeId);
		if (cached != null) {
			return cached == Void.class ? null : cached;
		}
		Class<?> resolved;
		try {
			resolved = ClassUtils.forName(typeId, ClassUtils.getDefaultClassLoader());
		}
		catch (ClassNotFoundException | LinkageError | IllegalArgumentException ex) {
			resolved = Void.class;
		}
		if (this.resolvedTypes.size() < 10_000) {
			this.resolvedTypes.put(typeId, resolved);
		}
		return resolved == Void.class ? null : resolved;
	}

}
