package dev.ferry.transport.kinesis;

import java.time.Duration;

/**
 * Kinesis Data Streams limits Ferry enforces, each with its source. Every one can be overridden
 * through {@link KinesisOptions} (limits change: record size did in 2025).
 */
public final class KinesisLimits {

	/**
	 * Most records in one PutRecords request.
	 * Source: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
	 */
	public static final int MAX_RECORDS_PER_PUT = 500;

	/**
	 * Default size of one record, data plus partition key: 1 MiB. A stream may raise it with
	 * {@code MaxRecordSizeInKiB} (up to 10 MiB since October 2025).
	 * Source: https://docs.aws.amazon.com/streams/latest/dev/large-records.html
	 */
	public static final long DEFAULT_MAX_RECORD_BYTES = 1024L * 1024;

	/**
	 * Largest record size a stream can be configured for: 10 MiB.
	 * Source: https://docs.aws.amazon.com/streams/latest/dev/large-records.html
	 */
	public static final long MAX_RECORD_BYTES = 10L * 1024 * 1024;

	/**
	 * Request size Ferry keeps a PutRecords call under by default: 5 MiB, the limit the PutRecords
	 * reference has long documented. Newer documents speak of 10 MiB for streams with large records
	 * (medium confidence), hence configurable.
	 * Source: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
	 */
	public static final long DEFAULT_MAX_REQUEST_BYTES = 5L * 1024 * 1024;

	/**
	 * Partition keys are Unicode strings of 1 to 256 characters.
	 * Source: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsRequestEntry.html
	 */
	public static final int MAX_PARTITION_KEY_CHARS = 256;

	/**
	 * Most records one GetRecords call returns.
	 * Source: https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
	 */
	public static final int MAX_RECORDS_PER_GET = 10_000;

	/**
	 * Default and minimum retention of a stream: 24 hours (up to 365 days with extended retention).
	 * Source: https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html
	 */
	public static final Duration MIN_RETENTION = Duration.ofHours(24);

	/**
	 * The AWS-managed key of Kinesis; a stream encrypted with it is not under the customer's control.
	 * Source: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html
	 */
	public static final String AWS_MANAGED_KEY_ALIAS = "alias/aws/kinesis";

	private KinesisLimits() {
	}

}
