package dev.ferry.core.destination;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Durations written as Spring Boot writes them: a whole number with a unit ({@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}; also {@code ns}, {@code us}) or ISO-8601
 * ({@code PT30S}). Used for destination {@code properties.*}, which reach the transports as text.
 *
 * <p>Written here rather than calling Boot's {@code DurationStyle} because ferry-core does not
 * depend on Spring Boot; {@code DurationsTests} in the auto-configuration module checks that every
 * accepted text means what Boot's {@code DurationStyle.detectAndParse} makes of it. One deliberate
 * difference: a bare number is refused instead of read as milliseconds, because in transport
 * settings (a visibility timeout, a retention) a bare number is as likely meant as seconds.
 */
public final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("([+-]?\\d+)([a-zA-Z]{1,2})");

	private static final Map<String, ChronoUnit> UNITS = Map.of("ns", ChronoUnit.NANOS, "us", ChronoUnit.MICROS,
			"ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS, "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS, "d",
			ChronoUnit.DAYS);

	private static final ChronoUnit[] LARGEST_FIRST = { ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES,
			ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.MICROS, ChronoUnit.NANOS };

	private Durations() {
	}

	/** The duration the text means, or null when it is not a duration in one of the accepted forms. */
	public static @Nullable Duration parseOrNull(String text) {
		String value = text.trim();
		if (value.isEmpty()) {
			return null;
		}
		try {
			if (value.toUpperCase(Locale.ROOT).matches("[+-]?P.*")) {
				return Duration.parse(value);
			}
			Matcher matcher = SIMPLE.matcher(value);
			if (matcher.matches()) {
				ChronoUnit unit = UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT));
				return unit != null ? Duration.of(Long.parseLong(matcher.group(1)), unit) : null;
			}
		}
		catch (DateTimeParseException | ArithmeticException | NumberFormatException ex) {
			// not a duration
		}
		return null;
	}

	/**
	 * Text for a duration in the largest unit that states it exactly ({@code -1s}, {@code 90s},
	 * {@code 2m}), for error messages when what the user wrote is not known.
	 */
	public static String format(Duration duration) {
		if (duration.isZero()) {
			return "0s";
		}
		for (ChronoUnit unit : LARGEST_FIRST) {
			Duration size = unit.getDuration();
			try {
				long amount = duration.dividedBy(size);
				if (size.multipliedBy(amount).equals(duration)) {
					return amount + symbol(unit);
				}
			}
			catch (ArithmeticException ex) {
				// too large for this unit; a larger one already failed to be exact, so ISO it is
				return duration.toString();
			}
		}
		return duration.toString();
	}

	private static String symbol(ChronoUnit unit) {
		return switch (unit) {
			case DAYS -> "d";
			case HOURS -> "h";
			case MINUTES -> "m";
			case SECONDS -> "s";
			case MILLIS -> "ms";
			case MICROS -> "us";
			default -> "ns";
		};
	}

}
