package dev.ferry.core.destination;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import dev.ferry.core.FerryConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Reads transport-specific settings of a destination (its {@code properties.*}, or its
 * {@code subscription.*}) as typed values. Every invalid value fails with a
 * {@link FerryConfigurationException} that names the full property and the accepted form, so an
 * adapter never parses strings itself. Absent and blank values read as null (or the default given).
 *
 * <p>Adapters wrap a reader in a record of their own ({@code SqsDestinationProperties},
 * {@code SnsDestinationProperties}) so the rest of the adapter sees typed values only.
 */
public final class PropertyReader {

	private final Map<String, String> values;

	private final UnaryOperator<String> names;

	/**
	 * @param values the raw values by key
	 * @param names full property name of a key, for error messages
	 */
	public PropertyReader(Map<String, String> values, UnaryOperator<String> names) {
		this.values = Map.copyOf(values);
		this.names = Objects.requireNonNull(names, "names");
	}

	/** The {@code properties.*} of a destination. */
	public static PropertyReader of(Destination destination) {
		String prefix = destination.configPrefix() + ".properties.";
		return new PropertyReader(destination.properties(), key -> prefix + key);
	}

	/** The full property name of a key ({@code ferry.destinations.orders.properties.fifo}). */
	public String name(String key) {
		return this.names.apply(key);
	}

	public boolean contains(String key) {
		return string(key) != null;
	}

	/** The trimmed value, or null when absent or blank. */
	public @Nullable String string(String key) {
		String value = this.values.get(key);
		return value == null || value.isBlank() ? null : value.trim();
	}

	public String string(String key, String defaultValue) {
		String value = string(key);
		return value != null ? value : defaultValue;
	}

	/** {@code true} or {@code false} (any case); anything else is an error. */
	public boolean bool(String key, boolean defaultValue) {
		String value = string(key);
		if (value == null) {
			return defaultValue;
		}
		if (value.equalsIgnoreCase("true")) {
			return true;
		}
		if (value.equalsIgnoreCase("false")) {
			return false;
		}
		throw invalid(key, "must be true or false, was '" + value + "'");
	}

	/** A whole number within {@code [min, max]}, or null when absent. */
	public @Nullable Integer integer(String key, int min, int max) {
		Long value = number(key, min, max);
		return value != null ? value.intValue() : null;
	}

	/** A whole number within {@code [min, max]}, or null when absent. */
	public @Nullable Long number(String key, long min, long max) {
		String value = string(key);
		if (value == null) {
			return null;
		}
		long parsed;
		try {
			parsed = Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw invalid(key, "must be a whole number between " + min + " and " + max + ", was '" + value + "'");
		}
		if (parsed < min || parsed > max) {
			throw invalid(key, "must be between " + min + " and " + max + ", was " + parsed);
		}
		return parsed;
	}

	/**
	 * A duration with a unit as Spring Boot writes it ({@code 500ms}, {@code 30s}, {@code 5m},
	 * {@code 2h}, {@code 1d}) or ISO-8601 ({@code PT30S}); see {@link Durations}. A bare number is
	 * refused: in a transport setting it is as likely meant as seconds as milliseconds.
	 */
	public @Nullable Duration duration(String key) {
		String value = string(key);
		if (value == null) {
			return null;
		}
		Duration duration = Durations.parseOrNull(value);
		if (duration == null) {
			throw invalid(key, "must be a duration with a unit such as 500ms, 30s, 5m or PT30S, was '" + value + "'");
		}
		return duration;
	}

	/** A duration no longer than {@code max}. */
	public @Nullable Duration duration(String key, Duration max) {
		Duration value = duration(key);
		if (value != null && (value.compareTo(max) > 0 || value.isNegative())) {
			throw invalid(key, "must be between 0 and " + max + ", was " + value);
		}
		return value;
	}

	/**
	 * One of the constants of {@code type}, matched ignoring case, hyphens and underscores
	 * ({@code message-body} reads as {@code MESSAGE_BODY} or {@code MessageBody}).
	 */
	public <E extends Enum<E>> @Nullable E enumValue(String key, Class<E> type) {
		String value = string(key);
		if (value == null) {
			return null;
		}
		String wanted = simplify(value);
		for (E constant : type.getEnumConstants()) {
			if (simplify(constant.name()).equals(wanted)) {
				return constant;
			}
		}
		StringBuilder known = new StringBuilder();
		for (E constant : type.getEnumConstants()) {
			known.append(known.isEmpty() ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		}
		throw invalid(key, "must be one of " + known + ", was '" + value + "'");
	}

	/** An error naming the property: {@code Invalid <name>: <problem>}. */
	public FerryConfigurationException invalid(String key, String problem) {
		return new FerryConfigurationException("Invalid " + name(key) + ": " + problem);
	}

	private static String simplify(String text) {
		return text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

}
