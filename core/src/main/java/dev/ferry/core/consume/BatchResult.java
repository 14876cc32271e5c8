package dev.ferry.core.consume;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The result of a batch handler: which items failed and why. Items not named succeeded.
 *
 * <p>On ordered transports (FIFO message groups, Kafka partitions, Kinesis shards) the first failed
 * item of an ordering group also fails every later item of that group in the batch, whatever this
 * result says about them: order is never broken. Everything before it in the group counts as fully
 * processed.
 */
public final class BatchResult {

	private static final BatchResult SUCCESS = new BatchResult(Map.of());

	private final Map<String, Throwable> failures;

	private BatchResult(Map<String, Throwable> failures) {
		this.failures = failures;
	}

	/** Every item succeeded. */
	public static BatchResult success() {
		return SUCCESS;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The item with this message id failed with the given cause. */
	public static BatchResult failed(String messageId, Throwable cause) {
		return builder().fail(messageId, cause).build();
	}

	public boolean isSuccess() {
		return this.failures.isEmpty();
	}

	/** Failed message ids with their causes. */
	public Map<String, Throwable> failures() {
		return this.failures;
	}

	public @Nullable Throwable failureOf(String messageId) {
		return this.failures.get(messageId);
	}

	@Override
	public String toString() {
		return "BatchResult[failed=" + this.failures.keySet() + "]";
	}

	/** Collects failures. */
	public static final class Builder {

		private final Map<String, Throwable> failures = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder fail(String messageId, Throwable cause) {
			this.failures.put(Objects.requireNonNull(messageId), Objects.requireNonNull(cause));
			return this;
		}

		public Builder fail(Delivery<?> delivery, Throwable cause) {
			return fail(delivery.messageId(), cause);
		}

		public BatchResult build() {
			return this.failures.isEmpty() ? SUCCESS
					: new BatchResult(Collections.unmodifiableMap(new LinkedHashMap<>(this.failures)));
		}

	}

}
