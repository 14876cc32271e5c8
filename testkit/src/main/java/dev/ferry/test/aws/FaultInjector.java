package dev.ferry.test.aws;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Programmatic per-entry failures for a batch API of a stand-in ({@code PublishBatch},
 * {@code PutEvents}), so that a client's "retry only the failed entries" logic can be proven.
 *
 * <p>Each {@link #failNext} call arms a rule: the next {@code count} entries accepted by
 * {@code matcher} fail with the given error code instead of being processed. Rules are consumed in
 * the order they were armed. Thread-safe.
 *
 * @param <E> the view of one batch entry the matcher sees
 */
public final class FaultInjector<E> {

	private final List<Rule<E>> rules = new ArrayList<>();

	/**
	 * Arms a rule.
	 * @param count how many matching entries fail (at least 1)
	 * @param matcher which entries the rule applies to
	 * @param errorCode the per-entry error code to report, e.g. {@code InternalFailure}
	 * @param errorMessage the per-entry error message to report
	 */
	public synchronized void failNext(int count, Predicate<? super E> matcher, String errorCode, String errorMessage) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1 but was " + count);
		}
		this.rules.add(new Rule<>(count, matcher, new InjectedFault(errorCode, errorMessage)));
	}

	/** Disarms every rule. */
	public synchronized void clear() {
		this.rules.clear();
	}

	/**
	 * Consumes one failure for {@code entry} if an armed rule matches it.
	 * @param entry the entry about to be processed
	 * @return the failure to report, or empty to process the entry normally
	 */
	public synchronized Optional<InjectedFault> poll(E entry) {
		for (Iterator<Rule<E>> it = this.rules.iterator(); it.hasNext();) {
			Rule<E> rule = it.next();
			if (rule.matcher.test(entry)) {
				rule.remaining--;
				if (rule.remaining == 0) {
					it.remove();
				}
				return Optional.of(rule.fault);
			}
		}
		return Optional.empty();
	}

	/**
	 * The failure reported for one entry.
	 *
	 * @param errorCode the error code
	 * @param errorMessage the error message
	 */
	public record InjectedFault(String errorCode, String errorMessage) {
	}

	private static final class Rule<E> {

		private int remaining;

		private final Predicate<? super E> matcher;

		private final InjectedFault fault;

		Rule(int remaining, Predicate<? super E> matcher, InjectedFault fault) {
			this.remaining = remaining;
			this.matcher = matcher;
			this.fault = fault;
		}

	}

}
