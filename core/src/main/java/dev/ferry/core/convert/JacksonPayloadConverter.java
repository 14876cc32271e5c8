package dev.ferry.core.convert;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.FormatSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.TreeNode;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.tree.ArrayTreeNode;
import tools.jackson.core.tree.ObjectTreeNode;
import tools.jackson.core.type.ResolvedType;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON through Jackson 3. Strings and byte arrays pass through untouched. The type id is the
 * payload's class name.
 *
 * <p><b>Type header.</b> Whoever can send to a destination controls the
 * {@link FerryHeaders#TYPE} header, so on reading it may only select a class that
 * {@link TrustedTypes} trusts (by default the packages of the listeners' declared parameter types).
 * The name is checked before any class is loaded; a trusted name is then loaded without
 * initialization ({@code Class.forName(name, false, loader)}), and used only when it is a subtype of
 * the listener's parameter type (so a listener of a sealed interface receives the concrete record).
 * <ul>
 * <li>a name outside the trusted packages whose class file is on the classpath is a
 * {@link DeserializationException} (dead-lettered with a reason naming it) — the class is only
 * looked up as a resource, never loaded, initialized or instantiated;</li>
 * <li>a name that is not on the classpath (another service's class) or not a class name at all is
 * ignored, and the parameter type is read: messages from other services stay readable;</li>
 * <li>a trusted name that is not assignable to the parameter type is a
 * {@link DeserializationException}.</li>
 * </ul>
 *
 * <p><b>Read limits.</b> Bodies are parsed under Jackson's stream-read constraints (nesting depth,
 * document size, string and number length; {@link ConversionOptions}); a body beyond one is a
 * {@link DeserializationException}, so it is dead-lettered instead of exhausting the stack or heap.
 *
 * <p><b>Payloads stay out of logs.</b> Reasons of unreadable payloads name the problem, line, column
 * and path, not the offending content (Jackson's messages quote it); the content, capped, and the
 * Jackson exception are added only with {@link ConversionOptions#logPayloads()}.
 */
public final class JacksonPayloadConverter implements PayloadConverter {

	public static final String JSON = "application/json";

	public static final String TEXT = "text/plain";

	public static final String BINARY = "application/octet-stream";

	private static final Logger logger = LoggerFactory.getLogger(JacksonPayloadConverter.class);

	/** Bounds the cache of resolved type names; header values are sender-controlled. */
	private static final int MAX_CACHED_TYPES = 10_000;

	private final JsonMapper mapper;

	private final ConversionOptions options;

	private final TrustedTypes trusted;

	private final TokenStreamFactory constrainedFactory;

	private final ObjectReadContext readContext;

	private final boolean failOnTrailingTokens;

	private final Map<String, Class<?>> resolvedTypes = new ConcurrentHashMap<>();

	private final Map<Type, JavaType> javaTypes = new ConcurrentHashMap<>();

	private final Map<String, Boolean> untrustedOnClasspath = new ConcurrentHashMap<>();

	public JacksonPayloadConverter() {
		this(JsonMapper.builder().findAndAddModules().build());
	}

	public JacksonPayloadConverter(JsonMapper mapper) {
		this(mapper, ConversionOptions.defaults());
	}

	/**
	 * @param mapper the application's mapper (modules, features); its read constraints are replaced
	 * by those of {@code options} for message bodies only
	 * @param options trust and read limits
	 */
	public JacksonPayloadConverter(JsonMapper mapper, ConversionOptions options) {
		this.mapper = mapper;
		this.options = Objects.requireNonNull(options, "options");
		this.trusted = options.trustedTypes();
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(options.maxNestingDepth())
			.maxDocumentLength(options.maxDocumentBytes())
			.maxStringLength(options.maxStringLength())
			.maxNumberLength(options.maxNumberLength())
			.build();
		// Only the factory can carry read constraints, and a mapper cannot be rebuilt around another
		// factory: parse with a constrained copy of the mapper's factory, deserialize with the mapper.
		this.constrainedFactory = mapper.tokenStreamFactory().rebuild().streamReadConstraints(constraints).build();
		this.readContext = new MapperReadContext(mapper, this.constrainedFactory);
		this.failOnTrailingTokens = mapper.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	public ConversionOptions options() {
		return this.options;
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
			throw new IllegalArgumentException("Cannot convert payload of type " + payload.getClass().getName()
					+ " to JSON: " + ex.getClass().getSimpleName() + (this.options.logPayloads()
							? ": " + cap(ex.getOriginalMessage(), this.options.payloadLogMaxChars()) : ""),
					this.options.logPayloads() ? ex : null);
		}
	}

	@Override
	public void registerListenerType(Type declaredType) {
		this.trusted.trustDeclared(declaredType);
	}

	@Override
	public boolean trustsEveryType() {
		return this.trusted.trustsAll();
	}

	@Override
	public Object decode(byte[] body, Headers headers, Type targetType) {
		if (targetType == byte[].class) {
			return body;
		}
		if (targetType == String.class) {
			return new String(body, StandardCharsets.UTF_8);
		}
		JavaType target = this.javaTypes.computeIfAbsent(targetType, type -> {
			// a listener's own type is always trusted for its own messages, registered or not
			this.trusted.trustDeclared(type);
			return this.mapper.constructType(type);
		});
		if (body.length > this.options.maxDocumentBytes()) {
			throw new DeserializationException("Payload of " + body.length + " bytes exceeds "
					+ this.options.maxDocumentBytes() + " bytes (ferry.conversion.max-document-size)", null);
		}
		JavaType effective = narrow(target, headers);
		if (this.options.logPayloads() && logger.isDebugEnabled()) {
			logger.debug("Reading message {} as {}: {}", headers.getOrNull(FerryHeaders.MESSAGE_ID),
					effective.toCanonical(), preview(body));
		}
		Object value;
		try (JsonParser parser = this.constrainedFactory.createParser(this.readContext, body)) {
			value = this.mapper.readValue(parser, effective);
			if (this.failOnTrailingTokens && value != null && parser.nextToken() != null) {
				throw new DeserializationException("Cannot read payload as " + effective.toCanonical()
						+ ": trailing content after the JSON value at " + where(parser.currentTokenLocation()), null);
			}
		}
		catch (JacksonException ex) {
			throw new DeserializationException(describe(ex, effective, body), this.options.logPayloads() ? ex : null);
		}
		catch (StackOverflowError ex) {
			// The nesting limit prevents this; a custom deserializer recursing on its own must not kill
			// the listener thread either.
			throw new DeserializationException("Cannot read payload as " + effective.toCanonical()
					+ ": nesting too deep for the thread's stack (lower ferry.conversion.max-nesting-depth)", null);
		}
		if (value == null) {
			throw new DeserializationException("Payload is JSON null; expected " + effective.toCanonical(), null);
		}
		return value;
	}

	private JavaType narrow(JavaType target, Headers headers) {
		String typeId = headers.getOrNull(FerryHeaders.TYPE);
		if (typeId == null || typeId.equals(target.getRawClass().getName()) || target.isContainerType()) {
			return target;
		}
		if (!this.trusted.trusts(typeId)) {
			if (isOnClasspath(typeId)) {
				throw new DeserializationException("Type header names " + typeId + ", which is not in a trusted package "
						+ "(the listener's parameter type is " + target.getRawClass().getName()
						+ "; ferry.conversion.trusted-packages adds packages)", null);
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Type header of message {} names '{}', which is not on the classpath; reading it as {}",
						headers.getOrNull(FerryHeaders.MESSAGE_ID), cap(typeId, 200), target.toCanonical());
			}
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

	/**
	 * Whether a class file of this name exists, found as a resource: nothing is loaded, so no static
	 * initializer can run. Names that are not well-formed class names are not looked up.
	 */
	private boolean isOnClasspath(String typeId) {
		if (!TrustedTypes.isClassName(typeId)) {
			return false;
		}
		Boolean known = this.untrustedOnClasspath.get(typeId);
		if (known != null) {
			return known;
		}
		String resource = typeId.replace('.', '/') + ".class";
		boolean found = classLoader().getResource(resource) != null;
		if (this.untrustedOnClasspath.size() < MAX_CACHED_TYPES) {
			this.untrustedOnClasspath.put(typeId, found);
		}
		return found;
	}

	private static ClassLoader classLoader() {
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		return loader != null ? loader : JacksonPayloadConverter.class.getClassLoader();
	}

	/** Loads a trusted name without initializing it; null when it is not on the classpath. */
	private @Nullable Class<?> resolve(String typeId) {
		Class<?> cached = this.resolvedTypes.get(typeId);
		if (cached != null) {
			return cached == Void.class ? null : cached;
		}
		Class<?> resolved;
		try {
			resolved = Class.forName(typeId, false, classLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			resolved = Void.class;
		}
		if (this.resolvedTypes.size() < MAX_CACHED_TYPES) {
			this.resolvedTypes.put(typeId, resolved);
		}
		return resolved == Void.class ? null : resolved;
	}

	private String describe(JacksonException ex, JavaType type, byte[] body) {
		StringBuilder reason = new StringBuilder("Cannot read payload as ").append(type.toCanonical()).append(": ");
		if (ex instanceof StreamConstraintsException) {
			// Jackson's limit messages name the limit and the value reached, never the content.
			reason.append(ex.getOriginalMessage()).append(" (ferry.conversion.* read limits)");
			return reason.toString();
		}
		reason.append(ex.getClass().getSimpleName()).append(" at ").append(where(ex.getLocation()));
		String path = ex.getPathReference();
		if (path != null && !path.isEmpty()) {
			reason.append(", path ").append(cap(path, 300));
		}
		if (this.options.logPayloads()) {
			reason.append(": ").append(cap(ex.getOriginalMessage(), this.options.payloadLogMaxChars()))
				.append("; payload: ").append(preview(body));
		}
		return reason.toString();
	}

	private static String where(@Nullable TokenStreamLocation location) {
		return location == null ? "unknown position"
				: "line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

	private String preview(byte[] body) {
		int max = this.options.payloadLogMaxChars();
		int bytes = Math.min(body.length, Math.max(0, max) * 4);
		return cap(new String(body, 0, bytes, StandardCharsets.UTF_8), max)
				+ (body.length > bytes ? " (" + body.length + " bytes)" : "");
	}

	/** At most {@code max} characters, control characters escaped so a log line stays one line. */
	static String cap(@Nullable String text, int max) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
		for (int i = 0; i < text.length() && out.length() < max; i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		if (out.length() >= max && text.length() > max) {
			out.append("...");
		}
		return out.toString();
	}

	/**
	 * The read context a parser of the constrained factory needs: the mapper's stream and format
	 * read features, the constrained factory, and the mapper for nested reads.
	 */
	private record MapperReadContext(JsonMapper mapper, TokenStreamFactory factory) implements ObjectReadContext {

		@Override
		public @Nullable FormatSchema getSchema() {
			return null;
		}

		@Override
		public int getStreamReadFeatures(int defaults) {
			return this.mapper.deserializationConfig().getStreamReadFeatures();
		}

		@Override
		public int getFormatReadFeatures(int defaults) {
			return this.mapper.deserializationConfig().getFormatReadFeatures();
		}

		@Override
		public TokenStreamFactory tokenStreamFactory() {
			return this.factory;
		}

		@Override
		public StreamReadConstraints streamReadConstraints() {
			return this.factory.streamReadConstraints();
		}

		@Override
		public ArrayTreeNode createArrayNode() {
			return this.mapper.createArrayNode();
		}

		@Override
		public ObjectTreeNode createObjectNode() {
			return this.mapper.createObjectNode();
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T extends TreeNode> T readTree(JsonParser parser) {
			return (T) this.mapper.readTree(parser);
		}

		@Override
		public <T> T readValue(JsonParser parser, Class<T> type) {
			return this.mapper.readValue(parser, type);
		}

		@Override
		public <T> T readValue(JsonParser parser, TypeReference<T> type) {
			return this.mapper.readValue(parser, type);
		}

		@Override
		public <T> T readValue(JsonParser parser, ResolvedType type) {
			return this.mapper.readValue(parser, type);
		}

	}

}
