package dev.ferry.core.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Immutable, ordered string headers of a message. Transports map them to their native form
 * (SQS message attributes, Kafka record headers, ...). Names are case-sensitive.
 */
public final class Headers {

	private static final Headers EMPTY = new Headers(Map.of());

	/** The headers; never handed out (iterating them directly spares the view's entry wrappers). */
	private final Map<String, String> values;

	private final Map<String, String> view;

	private Headers(Map<String, String> values) {
		this.values = values;
		this.view = Collections.unmodifiableMap(values);
	}

	public static Headers empty() {
		return EMPTY;
	}

	/** Copies the given map; null names or values are rejected. */
	public static Headers of(Map<String, String> values) {
		if (values.isEmpty()) {
			return EMPTY;
		}
		Builder copy = builder();
		values.forEach(copy::put);
		return copy.build();
	}

	/** A builder that starts empty. */
	public static Builder builder() {
		return new Builder(Map.of());
	}

	/** A builder that starts with {@code base}'s headers. */
	public static Builder builder(Headers base) {
		return new Builder(base.values);
	}

	public Optional<String> get(String name) {
		return Optional.ofNullable(this.values.get(name));
	}

	public @Nullable String getOrNull(String name) {
		return this.values.get(name);
	}

	public boolean contains(String name) {
		return this.values.containsKey(name);
	}

	public Set<String> names() {
		return this.view.keySet();
	}

	public int size() {
		return this.values.size();
	}

	public boolean isEmpty() {
		return this.values.isEmpty();
	}

	/** Unmodifiable view, in insertion order. */
	public Map<String, String> asMap() {
		return this.view;
	}

	/**
	 * UTF-8 bytes of every name and value, counted without encoding them: what most transports
	 * count against their size limit besides the body, computed for every published message.
	 */
	public long utf8Length() {
		long length = 0;
		for (Map.Entry<String, String> header : this.values.entrySet()) {
			length += Utf8.length(header.getKey()) + Utf8.length(header.getValue());
		}
		return length;
	}

	/** A copy with the header set (replacing an existing value). */
	public Headers with(String name, String value) {
		return builder(this).put(name, value).build();
	}

	/** A copy with all the given headers set. */
	public Headers withAll(Map<String, String> more) {
		if (more.isEmpty()) {
			return this;
		}
		Builder copy = builder(this);
		more.forEach(copy::put);
		return copy.build();
	}

	/** A copy without the named header. */
	public Headers without(String name) {
		if (!this.values.containsKey(name)) {
			return this;
		}
		Map<String, String> copy = new LinkedHashMap<>(this.values);
		copy.remove(name);
		return copy.isEmpty() ? EMPTY : new Headers(copy);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Headers headers && this.values.equals(headers.values);
	}

	@Override
	public int hashCode() {
		return this.values.hashCode();
	}

	@Override
	public String toString() {
		return this.values.toString();
	}

	/**
	 * Collects headers into one map that {@link #build()} adopts without copying it again (messages
	 * are built on every publish and every delivery). Used once: after {@code build()} it refuses
	 * further changes.
	 */
	public static final class Builder {

		private @Nullable LinkedHashMap<String, String> values;

		private Builder(Map<String, String> base) {
			this.values = new LinkedHashMap<>(base);
		}

		/** Sets the header, replacing an existing value. */
		public Builder put(String name, String value) {
			open().put(checkedName(name, value), value);
			return this;
		}

		/** Sets the header unless it is set already. */
		public Builder putIfAbsent(String name, String value) {
			open().putIfAbsent(checkedName(name, value), value);
			return this;
		}

		public Headers build() {
			LinkedHashMap<String, String> built = open();
			this.values = null;
			return built.isEmpty() ? EMPTY : new Headers(built);
		}

		/** The name, once name and value are known not to be null. */
		private static String checkedName(String name, String value) {
			Objects.requireNonNull(name, "header name");
			Objects.requireNonNull(value, () -> "value of header '" + name + "'");
			return name;
		}

		private LinkedHashMap<String, String> open() {
			if (this.values == null) {
				throw new IllegalStateException("Headers already built");
			}
			return this.values;
		}

	}

}
