package dev.ferry.core.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How one listener wants to receive. Validated on creation.
 *
 * @param listenerId id of the listener, for thread names and logs
 * @param concurrency how many batches may be processed at the same time (on ordered transports at
 * most one per ordering group)
 * @param batch whether the handler takes whole batches; when false the transport may still hand
 * over several messages per call, which the pipeline processes one by one
 * @param maxBatchSize most messages per call
 * @param processingTimeout how long a handler may take; transports size visibility/lease from it
 * @param pollTimeout longest wait of one poll (SQS long polling: up to 20 s)
 * @param decoding how received messages are decoded before the processor sees them; queue
 * transports apply it with {@link InboundDecoding#process} ({@link InboundDecoding#none()} for
 * messages published to the queue itself)
 */
public record ReceiveSettings(String listenerId, int concurrency, boolean batch, int maxBatchSize,
		Duration processingTimeout, Duration pollTimeout, InboundDecoding decoding) {

	public ReceiveSettings {
		Objects.requireNonNull(decoding, "decoding");
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
		}
		if (maxBatchSize < 1) {
			throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
		}
		if (processingTimeout.isNegative() || processingTimeout.isZero()) {
			throw new IllegalArgumentException("processingTimeout must be positive");
		}
		if (pollTimeout.isNegative()) {
			throw new IllegalArgumentException("pollTimeout must not be negative");
		}
	}

	/** Settings that read messages as delivered. */
	public ReceiveSettings(String listenerId, int concurrency, boolean batch, int maxBatchSize,
			Duration processingTimeout, Duration pollTimeout) {
		this(listenerId, concurrency, batch, maxBatchSize, processingTimeout, pollTimeout, InboundDecoding.none());
	}

	public ReceiveSettings withDecoding(InboundDecoding decoding) {
		return new ReceiveSettings(this.listenerId, this.concurrency, this.batch, this.maxBatchSize,
				this.processingTimeout, this.pollTimeout, decoding);
	}

}
