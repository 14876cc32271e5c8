package dev.ferry.transport.sqs;

import java.time.Duration;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.PropertyReader;
import org.jspecify.annotations.Nullable;

/**
 * The SQS-specific settings of one destination, read from {@code ferry.destinations.<name>.properties}
 * and validated with messages naming the property. These are all the properties the adapter reads
 * (docs/transports/sqs.md lists them too).
 *
 * @param fifo {@code fifo}: whether the queue is FIFO; also inferred from a {@code .fifo} suffix
 * @param kmsKeyId {@code kms-key-id}: customer-managed KMS key for SSE (provisioning; the hardening
 * rule expects one)
 * @param visibilityTimeout {@code visibility-timeout}: visibility requested on receive and set on
 * provisioned queues
 * @param processingTimeout {@code processing-timeout}: longest handler time the visibility rule
 * checks against before a listener says otherwise
 * @param maxReceiveCount {@code max-receive-count}: redrive maxReceiveCount of provisioned queues
 * @param retention {@code retention}: message retention of a provisioned queue
 */
public record SqsDestinationProperties(boolean fifo, @Nullable String kmsKeyId, @Nullable Duration visibilityTimeout,
		@Nullable Duration processingTimeout, @Nullable Integer maxReceiveCount, @Nullable Duration retention) {

	public static final String FIFO = "fifo";

	public static final String KMS_KEY_ID = "kms-key-id";

	public static final String VISIBILITY_TIMEOUT = "visibility-timeout";

	public static final String PROCESSING_TIMEOUT = "processing-timeout";

	public static final String MAX_RECEIVE_COUNT = "max-receive-count";

	public static final String RETENTION = "retention";

	public static SqsDestinationProperties of(Destination destination) {
		PropertyReader settings = destination.settings();
		boolean fifo = settings.bool(FIFO, false) || SqsQueue.nameOf(destination.resource()).endsWith(".fifo");
		return new SqsDestinationProperties(fifo, settings.string(KMS_KEY_ID),
				settings.duration(VISIBILITY_TIMEOUT, SqsLimits.MAX_VISIBILITY), settings.duration(PROCESSING_TIMEOUT),
				settings.integer(MAX_RECEIVE_COUNT, 1, SqsLimits.MAX_RECEIVE_COUNT),
				settings.duration(RETENTION, SqsLimits.MAX_RETENTION));
	}

}
