package dev.ferry.core.transport;

/**
 * What a transport can do, so the engine and the contract suite adapt instead of guessing. Build
 * one with {@link #builder()}: a flag added later then touches only the transports it concerns.
 *
 * @param orderedPerKey messages with the same key are delivered in publish order and a failure
 * holds back later messages of the key (FIFO queues, Kafka partitions, Kinesis shards)
 * @param nativeDeadLetter the transport itself moves a message to a dead-letter destination after
 * too many receives (SQS redrive policy); otherwise Ferry sends it there
 * @param redeliveryDelay a retry can be delayed per message (SQS visibility); otherwise retries
 * back off in place
 * @param publishDelay {@code OutboundMessage.delay} is honoured
 * @param deduplication the transport drops a second publish with the same deduplication id
 * @param maxBatchSize largest batch a single receive or send holds on the wire
 * @param publishOnly the transport only publishes; its destinations are consumed through a queue
 * destination ({@link PublishOnlyTransport}: SNS topics, EventBridge buses)
 */
public record TransportCapabilities(boolean orderedPerKey, boolean nativeDeadLetter, boolean redeliveryDelay,
		boolean publishDelay, boolean deduplication, int maxBatchSize, boolean publishOnly) {

	public TransportCapabilities {
		if (maxBatchSize < 1) {
			throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
		}
	}

	/**
	 * The capabilities of a transport that also consumes.
	 * @deprecated use {@link #builder()}
	 */
	@Deprecated
	public TransportCapabilities(boolean orderedPerKey, boolean nativeDeadLetter, boolean redeliveryDelay,
			boolean publishDelay, boolean deduplication, int maxBatchSize) {
		this(orderedPerKey, nativeDeadLetter, redeliveryDelay, publishDelay, deduplication, maxBatchSize, false);
	}

	/** Starts with nothing promised and batches of one. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding these capabilities, to change some. */
	public Builder toBuilder() {
		return new Builder().orderedPerKey(this.orderedPerKey)
			.nativeDeadLetter(this.nativeDeadLetter)
			.redeliveryDelay(this.redeliveryDelay)
			.publishDelay(this.publishDelay)
			.deduplication(this.deduplication)
			.maxBatchSize(this.maxBatchSize)
			.publishOnly(this.publishOnly);
	}

	/** Builder for {@link TransportCapabilities}; every flag is false until set. */
	public static final class Builder {

		private boolean orderedPerKey;

		private boolean nativeDeadLetter;

		private boolean redeliveryDelay;

		private boolean publishDelay;

		private boolean deduplication;

		private int maxBatchSize = 1;

		private boolean publishOnly;

		private Builder() {
		}

		public Builder orderedPerKey(boolean orderedPerKey) {
			this.orderedPerKey = orderedPerKey;
			return this;
		}

		public Builder nativeDeadLetter(boolean nativeDeadLetter) {
			this.nativeDeadLetter = nativeDeadLetter;
			return this;
		}

		public Builder redeliveryDelay(boolean redeliveryDelay) {
			this.redeliveryDelay = redeliveryDelay;
			return this;
		}

		public Builder publishDelay(boolean publishDelay) {
			this.publishDelay = publishDelay;
			return this;
		}

		public Builder deduplication(boolean deduplication) {
			this.deduplication = deduplication;
			return this;
		}

		public Builder maxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
			return this;
		}

		public Builder publishOnly(boolean publishOnly) {
			this.publishOnly = publishOnly;
			return this;
		}

		public TransportCapabilities build() {
			return new TransportCapabilities(this.orderedPerKey, this.nativeDeadLetter, this.redeliveryDelay,
					this.publishDelay, this.deduplication, this.maxBatchSize, this.publishOnly);
		}

	}

}
