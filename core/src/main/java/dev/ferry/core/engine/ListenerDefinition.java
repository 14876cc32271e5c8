package dev.ferry.core.engine;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.BatchDeliveryHandler;
import dev.ferry.core.consume.DeliveryHandler;
import dev.ferry.core.idempotency.IdempotencyKeyStrategy;
import org.jspecify.annotations.Nullable;

/**
 * Everything the engine needs to run one listener: what it listens to, how its payload is typed,
 * the handler, and how it receives. Immutable; validated on build. {@code @FerryListener} methods
 * become one of these.
 *
 * @param id listener id (logs, metrics, idempotency key namespace)
 * @param destination logical destination name
 * @param payloadType type the payload is converted to
 * @param handler single-message handler, or null for a batch listener
 * @param batchHandler batch handler, or null for a single-message listener
 * @param concurrency batches processed at the same time
 * @param maxBatchSize most messages per call (0 = the transport's maximum)
 * @param idempotent overrides the destination's idempotency setting when not null
 * @param keyStrategy derives the idempotency key
 * @param processingTimeout expected longest handling time; sizes visibility and heartbeat
 */
public record ListenerDefinition(String id, String destination, Type payloadType,
		@Nullable DeliveryHandler<Object> handler, @Nullable BatchDeliveryHandler<Object> batchHandler, int concurrency,
		int maxBatchSize, @Nullable Boolean idempotent, IdempotencyKeyStrategy keyStrategy,
		Duration processingTimeout) {

	public ListenerDefinition {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(destination, "destination");
		Objects.requireNonNull(payloadType, "payloadType");
		Objects.requireNonNull(keyStrategy, "keyStrategy");
		if ((handler == null) == (batchHandler == null)) {
			throw new FerryConfigurationException("Listener '" + id + "' needs exactly one of a handler and a batch handler");
		}
		if (concurrency < 1) {
			throw new FerryConfigurationException("Listener '" + id + "': concurrency must be at least 1, was " + concurrency);
		}
		if (maxBatchSize < 0) {
			throw new FerryConfigurationException("Listener '" + id + "': maxBatchSize must not be negative");
		}
		if (processingTimeout.isNegative() || processingTimeout.isZero()) {
			throw new FerryConfigurationException("Listener '" + id + "': processing timeout must be positive");
		}
	}

	public boolean isBatch() {
		return this.batchHandler != null;
	}

	/** Starts a single-message listener. */
	@SuppressWarnings("unchecked")
	public static <T> Builder builder(String id, String destination, Class<T> payloadType, DeliveryHandler<T> handler) {
		return new Builder(id, destination, payloadType).handler((DeliveryHandler<Object>) handler);
	}

	/** Starts a batch listener. */
	@SuppressWarnings("unchecked")
	public static <T> Builder batchBuilder(String id, String destination, Class<T> payloadType,
			BatchDeliveryHandler<T> handler) {
		return new Builder(id, destination, payloadType).batchHandler((BatchDeliveryHandler<Object>) (Object) handler);
	}

	/** Starts a listener whose handler is set later (for reflective invocation). */
	public static Builder builder(String id, String destination, Type payloadType) {
		return new Builder(id, destination, payloadType);
	}

	/** Builder for {@link ListenerDefinition}. */
	public static final class Builder {

		private final String id;

		private final String destination;

		private final Type payloadType;

		private @Nullable DeliveryHandler<Object> handler;

		private @Nullable BatchDeliveryHandler<Object> batchHandler;

		private int concurrency = 1;

		private int maxBatchSize;

		private @Nullable Boolean idempotent;

		private IdempotencyKeyStrategy keyStrategy = IdempotencyKeyStrategy.DEFAULT;

		private Duration processingTimeout = Duration.ofSeconds(30);

		private Builder(String id, String destination, Type payloadType) {
			this.id = id;
			this.destination = destination;
			this.payloadType = payloadType;
		}

		public Builder handler(DeliveryHandler<Object> handler) {
			this.handler = handler;
			return this;
		}

		public Builder batchHandler(BatchDeliveryHandler<Object> batchHandler) {
			this.batchHandler = batchHandler;
			return this;
		}

		public Builder concurrency(int concurrency) {
			this.concurrency = concurrency;
			return this;
		}

		public Builder maxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
			return this;
		}

		public Builder idempotent(@Nullable Boolean idempotent) {
			this.idempotent = idempotent;
			return this;
		}

		public Builder keyStrategy(IdempotencyKeyStrategy keyStrategy) {
			this.keyStrategy = keyStrategy;
			return this;
		}

		public Builder processingTimeout(Duration processingTimeout) {
			this.processingTimeout = processingTimeout;
			return this;
		}

		public ListenerDefinition build() {
			return new ListenerDefinition(this.id, this.destination, this.payloadType, this.handler, this.batchHandler,
					this.concurrency, this.maxBatchSize, this.idempotent, this.keyStrategy, this.processingTimeout);
		}

	}

}
