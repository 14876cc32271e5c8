package dev.ferry.transport.kinesis;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import org.jspecify.annotations.Nullable;

/**
 * The Kinesis settings of one destination ({@code ferry.destinations.<name>.properties.*}), parsed
 * and validated once, with the transport's options as defaults.
 *
 * @param shards shard count when Ferry creates the stream ({@code shards})
 * @param kmsKeyId KMS key Ferry encrypts a stream it creates with ({@code kms-key-id}); none: not
 * encrypted by Ferry (the hardening rule reports it)
 * @param applicationNamePrefix KCL application name, before the listener id is appended
 * ({@code application-name}; default {@code ferry-<stream>})
 * @param leaseTableName lease table ({@code lease-table}); default: the application name
 * @param initialPosition {@code initial-position}: TRIM_HORIZON or LATEST
 * @param retrieval {@code retrieval}: polling or fan-out
 * @param maxRecordAge records older than this are dead-lettered unhandled ({@code max-record-age},
 * ISO-8601 like {@code PT1H}); none by default
 * @param deadLetterTransport transport of the dead-letter destination ({@code dead-letter-transport}:
 * {@code kinesis} by default, {@code sqs}, {@code sns})
 */
record KinesisDestinationSettings(int shards, @Nullable String kmsKeyId, String applicationNamePrefix,
		@Nullable String leaseTableName, String initialPosition, String retrieval, @Nullable Duration maxRecordAge,
		String deadLetterTransport) {

	static KinesisDestinationSettings of(Destination destination, KinesisOptions options) {
		String prefix = destination.configPrefix() + ".properties.";
		int shards = options.defaultShards();
		String shardsValue = destination.property("shards").orElse(null);
		if (shardsValue != null) {
			try {
				shards = Integer.parseInt(shardsValue.trim());
			}
			catch (NumberFormatException ex) {
				throw new FerryConfigurationException(prefix + "shards must be a whole number, was '" + shardsValue + "'");
			}
			if (shards < 1) {
				throw new FerryConfigurationException(prefix + "shards must be at least 1, was " + shards);
			}
		}
		String position = destination.property("initial-position").map(String::trim).orElse(options.initialPosition());
		if (!KinesisOptions.TRIM_HORIZON.equals(position) && !KinesisOptions.LATEST.equals(position)) {
			throw new FerryConfigurationException(prefix + "initial-position must be " + KinesisOptions.TRIM_HORIZON
					+ " or " + KinesisOptions.LATEST + ", was '" + position + "'");
		}
		String retrieval = destination.property("retrieval").map(String::trim).orElse(options.retrieval());
		if (!KinesisOptions.POLLING.equals(retrieval) && !KinesisOptions.FAN_OUT.equals(retrieval)) {
			throw new FerryConfigurationException(prefix + "retrieval must be " + KinesisOptions.POLLING + " or "
					+ KinesisOptions.FAN_OUT + ", was '" + retrieval + "'");
		}
		Duration maxAge = null;
		String ageValue = destination.property("max-record-age").orElse(null);
		if (ageValue != null) {
			try {
				maxAge = Duration.parse(ageValue.trim());
			}
			catch (DateTimeParseException ex) {
				throw new FerryConfigurationException(
						prefix + "max-record-age must be an ISO-8601 duration such as PT1H, was '" + ageValue + "'");
			}
			if (maxAge.isNegative() || maxAge.isZero()) {
				throw new FerryConfigurationException(prefix + "max-record-age must be positive, was " + maxAge);
			}
		}
		String application = destination.property("application-name")
			.orElse("ferry-" + destination.resource());
		return new KinesisDestinationSettings(shards, destination.property("kms-key-id").orElse(null), application,
				destination.property("lease-table").orElse(null), position, retrieval, maxAge,
				destination.property("dead-letter-transport").map(String::trim).orElse(KinesisTransport.NAME));
	}

	/** The KCL application of a listener: one per listener id (each listener id is a subscriber). */
	String applicationName(String listenerId) {
		return sanitize(this.applicationNamePrefix + "-" + listenerId);
	}

	/** The lease table of a listener's application. */
	String leaseTable(String applicationName) {
		return this.leaseTableName != null ? this.leaseTableName : applicationName;
	}

	/** DynamoDB table names allow [a-zA-Z0-9_.-], 3 to 255 characters. */
	private static String sanitize(String name) {
		String clean = name.replaceAll("[^a-zA-Z0-9_.-]", "-");
		return clean.length() > 255 ? clean.substring(0, 255) : clean;
	}

}
