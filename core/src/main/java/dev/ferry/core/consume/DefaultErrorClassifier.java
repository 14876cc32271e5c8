package dev.ferry.core.consume;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.ferry.core.convert.DeserializationException;

/**
 * Retries everything except failures that cannot get better: payloads that cannot be read
 * ({@link DeserializationException}), {@link NonRetryableException}, and the programming errors
 * {@link ClassCastException}, {@link NoSuchMethodException} — plus configured types. The cause chain
 * is walked, so a wrapped non-retryable failure stays non-retryable.
 */
public final class DefaultErrorClassifier implements ErrorClassifier {

	private static final List<Class<? extends Throwable>> ALWAYS_FATAL = List.of(DeserializationException.class,
			NonRetryableException.class, ClassCastException.class, NoSuchMethodException.class);

	private final Set<Class<? extends Throwable>> fatal;

	public DefaultErrorClassifier() {
		this(List.of());
	}

	/** @param additionalFatal further exception types never to retry (subclasses included) */
	public DefaultErrorClassifier(List<Class<? extends Throwable>> additionalFatal) {
		Set<Class<? extends Throwable>> all = new LinkedHashSet<>(ALWAYS_FATAL);
		all.addAll(additionalFatal);
		this.fatal = Set.copyOf(all);
	}

	@Override
	public boolean isRetryable(Throwable failure) {
		Throwable current = failure;
		int depth = 0;
		while (current != null && depth++ < 16) {
			for (Class<? extends Throwable> type : this.fatal) {
				if (type.isInstance(current)) {
					return false;
				}
			}
			current = current.getCause();
		}
		return true;
	}

}
