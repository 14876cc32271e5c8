package dev.ferry.transport.sns;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.transport.SendCoalescer;

/**
 * Immutable runtime settings of the SNS adapter, validated when built.
 *
 * @param maxMessageBytes size limit checked before publishing (message plus attributes); SNS's
 * default topic limit is 256 KiB, and a PublishBatch request may not exceed it either
 * @param publishAttempts attempts per message when SNS reports a retryable per-entry failure
 * @param publishRetryDelay pause before re-sending retryable failed entries (doubled per attempt)
 * @param verifySignatures whether notification envelopes read from subscription queues must carry
 * a valid SNS signature (raw deliveries carry none)
 * @param trustedCertificateEndpoints besides {@code https://sns.<region>.amazonaws.com}, endpoints
 * whose signing certificates are trusted: only the local stand-in, set by {@code ferry.local}
 * @param queueTransport transport of subscription queues when a destination names none
 * @param defaultReceiveCount redrive {@code maxReceiveCount} of subscription queues Ferry creates,
 * when the destination's retry policy asks for fewer receives (Ferry policy)
 * @param publishBatchWindow how long small concurrent publishes to one standard topic wait for each
 * other to share a PublishBatch request ({@code ferry.sns.publish.batch-window}; zero sends every
 * call at once; FIFO topics are never gathered)
 */
public record SnsOptions(long maxMessageBytes, int publishAttempts, Duration publishRetryDelay,
		boolean verifySignatures, List<URI> trustedCertificateEndpoints, String queueTransport,
		int defaultReceiveCount, Duration publishBatchWindow) {

	/** Default of {@code ferry.sns.publish.batch-window}: {@link SendCoalescer#DEFAULT_WINDOW}. */
	public static final Duration DEFAULT_PUBLISH_BATCH_WINDOW = SendCoalescer.DEFAULT_WINDOW;

	/** SNS's default largest message, in bytes (256 KiB), also the PublishBatch request limit. */
	public static final long DEFAULT_MAX_MESSAGE_BYTES = 262_144;

	public SnsOptions {
		Objects.requireNonNull(publishRetryDelay, "publishRetryDelay");
		Objects.requireNonNull(queueTransport, "queueTransport");
		SendCoalescer.checkWindow(publishBatchWindow, "ferry.sns.publish.batch-window");
		trustedCertificateEndpoints = List.copyOf(trustedCertificateEndpoints);
		if (maxMessageBytes < 1) {
			throw new FerryConfigurationException("ferry.sns.max-message-size must be positive, was " + maxMessageBytes);
		}
		if (publishAttempts < 1) {
			throw new FerryConfigurationException("ferry.sns.publish-attempts must be at least 1, was " + publishAttempts);
		}
		if (publishRetryDelay.isNegative()) {
			throw new FerryConfigurationException("ferry.sns.publish-retry-delay must not be negative");
		}
		if (defaultReceiveCount < 1 || defaultReceiveCount > 1000) {
			throw new FerryConfigurationException("ferry.sns.max-receive-count must be between 1 and 1000, was "
					+ defaultReceiveCount);
		}
	}

	public static SnsOptions defaults() {
		return new SnsOptions(DEFAULT_MAX_MESSAGE_BYTES, 3, Duration.ofMillis(100), false, List.of(), "sqs", 5, DEFAULT_PUBLISH_BATCH_WINDOW);
	}

	public SnsOptions withMaxMessageBytes(long maxMessageBytes) {
		return new SnsOptions(maxMessageBytes, this.publishAttempts, this.publishRetryDelay, this.verifySignatures,
				this.trustedCertificateEndpoints, this.queueTransport, this.defaultReceiveCount, this.publishBatchWindow);
	}

	public SnsOptions withPublishAttempts(int publishAttempts, Duration publishRetryDelay) {
		return new SnsOptions(this.maxMessageBytes, publishAttempts, publishRetryDelay, this.verifySignatures,
				this.trustedCertificateEndpoints, this.queueTransport, this.defaultReceiveCount, this.publishBatchWindow);
	}

	public SnsOptions withVerifySignatures(boolean verifySignatures) {
		return new SnsOptions(this.maxMessageBytes, this.publishAttempts, this.publishRetryDelay, verifySignatures,
				this.trustedCertificateEndpoints, this.queueTransport, this.defaultReceiveCount, this.publishBatchWindow);
	}

	/** Trusts the signing certificates served by a local stand-in at {@code endpoint} (ferry.local only). */
	public SnsOptions withTrustedCertificateEndpoints(List<URI> endpoints) {
		return new SnsOptions(this.maxMessageBytes, this.publishAttempts, this.publishRetryDelay, this.verifySignatures,
				endpoints, this.queueTransport, this.defaultReceiveCount, this.publishBatchWindow);
	}

	public SnsOptions withQueueTransport(String queueTransport) {
		return new SnsOptions(this.maxMessageBytes, this.publishAttempts, this.publishRetryDelay, this.verifySignatures,
				this.trustedCertificateEndpoints, queueTransport, this.defaultReceiveCount, this.publishBatchWindow);
	}

	public SnsOptions withDefaultReceiveCount(int defaultReceiveCount) {
		return new SnsOptions(this.maxMessageBytes, this.publishAttempts, this.publishRetryDelay, this.verifySignatures,
				this.trustedCertificateEndpoints, this.queueTransport, defaultReceiveCount, this.publishBatchWindow);
	}

	/** Same options with another publish batch window ({@link Duration#ZERO} sends every call at once). */
	public SnsOptions withPublishBatchWindow(Duration publishBatchWindow) {
		return new SnsOptions(this.maxMessageBytes, this.publishAttempts, this.publishRetryDelay, this.verifySignatures,
				this.trustedCertificateEndpoints, this.queueTransport, this.defaultReceiveCount, publishBatchWindow);
	}

}
