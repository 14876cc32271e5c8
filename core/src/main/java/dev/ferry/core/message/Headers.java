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

	private final Map<String, String> values;

	private Headers(Map<String, String> values) {
		this.values = values;
	}

	public static Headers empty() {
		return EMPTY;
	}

	/** Copies the given map; null names or values are rejected. */
	public static Headers of(Map<String, String> values) {
		if (values.isEmpty()) {
			return EMPTY;
		}
		Map<String, String> copy = new LinkedHashMap<>(values.size());
		values.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "header name"),
				Objects.requireNonNull(value, () -> "value of header '" + name + "'")));
		return new Headers(Collections.unmodifiableMap(copy));
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
		return this.values.keySet();
	}

	public int size() {
		return this.values.size();
	}

	public boolean isEmpty() {
		return this.values.isEmpty();
	}

	/** Unmodifiable view, in insertion order. */
	public Map<String, String> asMap() {
		return this.values;
	}

	/** A copy with the header set (replacing an existing value). */
	public Headers with(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.values);
		copy.put(Objects.requireNonNull(name, "header name"),
				Objects.requireNonNull(value, () -> "value of header '" + name + "'"));
		return new Headers(Collections.unmodifiableMap(copy));
	}

	/** A copy with all the given headers set. */
	public Headers withAll(Map<String, String> more) {
		if (more.isEmpty()) {
			return this;
		}
		Map<String, String> copy = new LinkedHashMap<>(this.values);
		more.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "header name"),
				Objects.requireNonNull(value, () -> "value of header '" + name + "'")));
		return new Headers(Collections.unmodifiableMap(copy));
	}

	/** A copy without the named header. */
	public Headers without(String name) {
		if (!this.values.containsKey(name)) {
			return this;
		}
		Map<String, String> copy = new LinkedHashMap<>(this.values);
		copy.remove(name);
		return copy.isEmpty() ? EMPTY : new Headers(Collections.unmodifiableMap(copy));
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

}
