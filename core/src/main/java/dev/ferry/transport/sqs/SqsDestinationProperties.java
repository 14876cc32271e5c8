package dev.ferry.transport.sqs;

import java.time.Duration;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.Durations;
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
		boolean fifo = destination.booleanProperty(FIFO) || SqsQueue.nameOf(destination.resource()).endsWith(".fifo");
		Integer receiveCount = null;
		String count = destination.properties().get(MAX_RECEIVE_COUNT);
		if (count != null) {
			try {
				receiveCount = Integer.parseInt(count.trim());
			}
			catch (NumberFormatException ex) {
				receiveCount = -1;
			}
			if (receiveCount < 1 || receiveCount > SqsLimits.MAX_RECEIVE_COUNT) {
				throw new FerryConfigurationException(name(destination, MAX_RECEIVE_COUNT) + " must be between 1 and "
						+ SqsLimits.MAX_RECEIVE_COUNT + ", was '" + count + "'");
			}
		}
		Duration visibility = duration(destination, VISIBILITY_TIMEOUT);
		if (visibility != null && visibility.compareTo(SqsLimits.MAX_VISIBILITY) > 0) {
			throw new FerryConfigurationException(name(destination, VISIBILITY_TIMEOUT) + " must not exceed "
					+ Durations.format(SqsLimits.MAX_VISIBILITY) + ", was '"
					+ destination.properties().get(VISIBILITY_TIMEOUT) + "'");
		}
		Duration retention = duration(destination, RETENTION);
		if (retention != null && retention.compareTo(SqsLimits.MAX_RETENTION) > 0) {
			throw new FerryConfigurationException(name(destination, RETENTION) + " must not exceed "
					+ Durations.format(SqsLimits.MAX_RETENTION) + ", was '" + destination.properties().get(RETENTION) + "'");
		}
		String kms = destination.properties().get(KMS_KEY_ID);
		return new SqsDestinationProperties(fifo, kms == null || kms.isBlank() ? null : kms.trim(), visibility,
				duration(destination, PROCESSING_TIMEOUT), receiveCount, retention);
	}

	private static @Nullable Duration duration(Destination destination, String key) {
		return destination.durationProperty(key).orElse(null);
	}

	private static String name(Destination destination, String key) {
		return destination.configPrefix() + ".properties." + key;
	}

}
