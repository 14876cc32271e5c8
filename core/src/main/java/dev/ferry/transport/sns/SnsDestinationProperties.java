package dev.ferry.transport.sns;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.PropertyReader;
import org.jspecify.annotations.Nullable;

/**
 * The SNS settings of a topic destination, from {@code ferry.destinations.<name>.properties},
 * validated with messages naming the property.
 *
 * @param fifo {@code fifo}: whether the topic is FIFO; also inferred from a {@code .fifo} suffix
 * @param kmsKeyId {@code kms-key-id}: customer-managed KMS key of a provisioned topic (the hardening
 * rule expects one)
 */
public record SnsDestinationProperties(boolean fifo, @Nullable String kmsKeyId) {

	public static final String FIFO = "fifo";

	public static final String KMS_KEY_ID = "kms-key-id";

	public static SnsDestinationProperties of(Destination destination) {
		PropertyReader settings = destination.settings();
		boolean fifo = settings.bool(FIFO, false) || SnsTopic.nameOf(destination.resource()).endsWith(".fifo");
		return new SnsDestinationProperties(fifo, settings.string(KMS_KEY_ID));
	}

}
