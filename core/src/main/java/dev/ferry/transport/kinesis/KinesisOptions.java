package dev.ferry.transport.kinesis;

import java.time.Duration;
import java.util.Objects;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.transport.SendCoalescer;

/**
 * Immutable runtime settings of the Kinesis adapter, validated when built. AWS limits come from
 * {@link KinesisLimits}; the rest are Ferry's policy values or Kinesis Client Library (KCL) timings.
 *
 * @param maxRecordBytes size limit of one record (data plus partition key) checked before sending;
 * raise it for streams whose {@code MaxRecordSizeInKiB} is raised
 * @param maxRequestBytes size a PutRecords request is kept under
 * @param maxRecordsPerRequest records per PutRecords request
 * @param sendAttempts attempts per record when Kinesis reports a retryable failure
 * ({@code ProvisionedThroughputExceededException}, {@code InternalFailure}) or the request fails
 * @param sendRetryDelay first back-off before re-sending failed records (doubles per attempt)
 * @param sendMaxRetryDelay cap of that back-off
 * @param initialPosition where a new consumer application starts: {@code TRIM_HORIZON} (default,
 * nothing published before the first start is missed) or {@code LATEST}
 * @param retrieval {@code polling} (GetRecords, default) or {@code fan-out} (enhanced fan-out,
 * SubscribeToShard)
 * @param pollInterval pause between two GetRecords calls of a shard when polling
 * @param failoverTime how long a lease lives without renewal before another worker may take it
 * @param leaseAssignmentInterval how often the KCL leader assigns leases
 * @param shardSyncInterval how often shards are synchronised with leases (resharding)
 * @param metrics whether the KCL publishes its CloudWatch metrics (off: {@code NullMetricsFactory})
 * @param defaultShards shard count of streams Ferry creates when provisioning
 * @param provisionRetention retention of streams Ferry creates
 * @param leaseTableProtection whether lease tables Ferry creates get point-in-time recovery and
 * deletion protection
 * @param createLeaseTables whether listeners create their missing lease tables even without
 * {@code ferry.provision=true} (the lease table is the consumer's own state, like a Kafka consumer
 * group; off by default so that nothing is created unasked)
 * @param publishBatchWindow how long concurrent single-record publishes to one stream wait for each
 * other to share a PutRecords request ({@code ferry.kinesis.publish.batch-window}; zero sends every
 * call at once); records of one partition key never share a gathered request
 */
public record KinesisOptions(long maxRecordBytes, long maxRequestBytes, int maxRecordsPerRequest, int sendAttempts,
		Duration sendRetryDelay, Duration sendMaxRetryDelay, String initialPosition, String retrieval,
		Duration pollInterval, Duration failoverTime, Duration leaseAssignmentInterval, Duration shardSyncInterval,
		boolean metrics, int defaultShards, Duration provisionRetention, boolean leaseTableProtection,
		boolean createLeaseTables, Duration publishBatchWindow) {

	/** Default of {@code ferry.kinesis.publish.batch-window}: {@link SendCoalescer#DEFAULT_WINDOW}. */
	public static final Duration DEFAULT_PUBLISH_BATCH_WINDOW = SendCoalescer.DEFAULT_WINDOW;

	/** Initial position: the oldest record the stream keeps. */
	public static final String TRIM_HORIZON = "TRIM_HORIZON";

	/** Initial position: only records published after the first start. */
	public static final String LATEST = "LATEST";

	/** Retrieval by GetRecords polling. */
	public static final String POLLING = "polling";

	/** Retrieval by enhanced fan-out (SubscribeToShard). */
	public static final String FAN_OUT = "fan-out";

	public KinesisOptions {
		Objects.requireNonNull(sendRetryDelay, "sendRetryDelay");
		Objects.requireNonNull(sendMaxRetryDelay, "sendMaxRetryDelay");
		Objects.requireNonNull(initialPosition, "initialPosition");
		Objects.requireNonNull(retrieval, "retrieval");
		Objects.requireNonNull(pollInterval, "pollInterval");
		Objects.requireNonNull(failoverTime, "failoverTime");
		Objects.requireNonNull(leaseAssignmentInterval, "leaseAssignmentInterval");
		Objects.requireNonNull(shardSyncInterval, "shardSyncInterval");
		Objects.requireNonNull(provisionRetention, "provisionRetention");
		SendCoalescer.checkWindow(publishBatchWindow, "ferry.kinesis.publish.batch-window");
		if (maxRecordBytes < 1 || maxRecordBytes > KinesisLimits.MAX_RECORD_BYTES) {
			throw new FerryConfigurationException("ferry.kinesis.max-record-size must be between 1 and "
					+ KinesisLimits.MAX_RECORD_BYTES + " bytes, was " + maxRecordBytes);
		}
		if (maxRequestBytes < maxRecordBytes) {
			throw new FerryConfigurationException("ferry.kinesis.max-request-size (" + maxRequestBytes
					+ ") must not be below ferry.kinesis.max-record-size (" + maxRecordBytes + ")");
		}
		if (maxRecordsPerRequest < 1 || maxRecordsPerRequest > KinesisLimits.MAX_RECORDS_PER_PUT) {
			throw new FerryConfigurationException("ferry.kinesis.max-records-per-request must be between 1 and "
					+ KinesisLimits.MAX_RECORDS_PER_PUT + ", was " + maxRecordsPerRequest);
		}
		if (sendAttempts < 1) {
			throw new FerryConfigurationException("ferry.kinesis.send-attempts must be at least 1, was " + sendAttempts);
		}
		if (sendRetryDelay.isNegative() || sendMaxRetryDelay.compareTo(sendRetryDelay) < 0) {
			throw new FerryConfigurationException(
					"ferry.kinesis.send-retry-delay must not be negative nor above ferry.kinesis.send-max-retry-delay");
		}
		if (!TRIM_HORIZON.equals(initialPosition) && !LATEST.equals(initialPosition)) {
			throw new FerryConfigurationException("ferry.kinesis.initial-position must be " + TRIM_HORIZON + " or "
					+ LATEST + ", was " + initialPosition);
		}
		if (!POLLING.equals(retrieval) && !FAN_OUT.equals(retrieval)) {
			throw new FerryConfigurationException(
					"ferry.kinesis.retrieval must be " + POLLING + " or " + FAN_OUT + ", was " + retrieval);
		}
		requirePositive(pollInterval, "poll-interval");
		requirePositive(failoverTime, "failover-time");
		requirePositive(leaseAssignmentInterval, "lease-assignment-interval");
		requirePositive(shardSyncInterval, "shard-sync-interval");
		if (defaultShards < 1) {
			throw new FerryConfigurationException("ferry.kinesis.shards must be at least 1, was " + defaultShards);
		}
		if (provisionRetention.compareTo(KinesisLimits.MIN_RETENTION) < 0) {
			throw new FerryConfigurationException(
					"ferry.kinesis.retention must be at least " + KinesisLimits.MIN_RETENTION + ", was " + provisionRetention);
		}
	}

	private static void requirePositive(Duration value, String name) {
		if (value.isNegative() || value.isZero()) {
			throw new FerryConfigurationException("ferry.kinesis." + name + " must be positive, was " + value);
		}
	}

	public static KinesisOptions defaults() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	public Builder toBuilder() {
		return new Builder().maxRecordBytes(this.maxRecordBytes)
			.maxRequestBytes(this.maxRequestBytes)
			.maxRecordsPerRequest(this.maxRecordsPerRequest)
			.sendAttempts(this.sendAttempts)
			.sendRetryDelay(this.sendRetryDelay)
			.sendMaxRetryDelay(this.sendMaxRetryDelay)
			.initialPosition(this.initialPosition)
			.retrieval(this.retrieval)
			.pollInterval(this.pollInterval)
			.failoverTime(this.failoverTime)
			.leaseAssignmentInterval(this.leaseAssignmentInterval)
			.shardSyncInterval(this.shardSyncInterval)
			.metrics(this.metrics)
			.defaultShards(this.defaultShards)
			.provisionRetention(this.provisionRetention)
			.leaseTableProtection(this.leaseTableProtection)
			.createLeaseTables(this.createLeaseTables)
			.publishBatchWindow(this.publishBatchWindow);
	}

	/** Builds {@link KinesisOptions}; every setting has a default. */
	public static final class Builder {

		private long maxRecordBytes = KinesisLimits.DEFAULT_MAX_RECORD_BYTES;

		private long maxRequestBytes = KinesisLimits.DEFAULT_MAX_REQUEST_BYTES;

		private int maxRecordsPerRequest = KinesisLimits.MAX_RECORDS_PER_PUT;

		private int sendAttempts = 5;

		private Duration sendRetryDelay = Duration.ofMillis(100);

		private Duration sendMaxRetryDelay = Duration.ofSeconds(2);

		private String initialPosition = TRIM_HORIZON;

		private String retrieval = POLLING;

		// KCL's default idle time between reads (PollingConfig) is 1 s: one GetRecords per second per
		// shard stays well under the 5 calls/s limit with room for a second application.
		private Duration pollInterval = Duration.ofSeconds(1);

		// KCL's defaults.
		private Duration failoverTime = Duration.ofSeconds(10);

		private Duration leaseAssignmentInterval = Duration.ofSeconds(20);

		private Duration shardSyncInterval = Duration.ofMinutes(1);

		private boolean metrics;

		private int defaultShards = 1;

		private Duration provisionRetention = KinesisLimits.MIN_RETENTION.multipliedBy(7);

		private boolean leaseTableProtection = true;

		private boolean createLeaseTables;

		private Duration publishBatchWindow = DEFAULT_PUBLISH_BATCH_WINDOW;

		public Builder publishBatchWindow(Duration publishBatchWindow) {
			this.publishBatchWindow = publishBatchWindow;
			return this;
		}

		public Builder createLeaseTables(boolean createLeaseTables) {
			this.createLeaseTables = createLeaseTables;
			return this;
		}

		private Builder() {
		}

		public Builder leaseTableProtection(boolean leaseTableProtection) {
			this.leaseTableProtection = leaseTableProtection;
			return this;
		}

		public Builder maxRecordBytes(long maxRecordBytes) {
			this.maxRecordBytes = maxRecordBytes;
			return this;
		}

		public Builder maxRequestBytes(long maxRequestBytes) {
			this.maxRequestBytes = maxRequestBytes;
			return this;
		}

		public Builder maxRecordsPerRequest(int maxRecordsPerRequest) {
			this.maxRecordsPerRequest = maxRecordsPerRequest;
			return this;
		}

		public Builder sendAttempts(int sendAttempts) {
			this.sendAttempts = sendAttempts;
			return this;
		}

		public Builder sendRetryDelay(Duration sendRetryDelay) {
			this.sendRetryDelay = sendRetryDelay;
			return this;
		}

		public Builder sendMaxRetryDelay(Duration sendMaxRetryDelay) {
			this.sendMaxRetryDelay = sendMaxRetryDelay;
			return this;
		}

		public Builder initialPosition(String initialPosition) {
			this.initialPosition = initialPosition;
			return this;
		}

		public Builder retrieval(String retrieval) {
			this.retrieval = retrieval;
			return this;
		}

		public Builder pollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
			return this;
		}

		public Builder failoverTime(Duration failoverTime) {
			this.failoverTime = failoverTime;
			return this;
		}

		public Builder leaseAssignmentInterval(Duration leaseAssignmentInterval) {
			this.leaseAssignmentInterval = leaseAssignmentInterval;
			return this;
		}

		public Builder shardSyncInterval(Duration shardSyncInterval) {
			this.shardSyncInterval = shardSyncInterval;
			return this;
		}

		public Builder metrics(boolean metrics) {
			this.metrics = metrics;
			return this;
		}

		public Builder defaultShards(int defaultShards) {
			this.defaultShards = defaultShards;
			return this;
		}

		public Builder provisionRetention(Duration provisionRetention) {
			this.provisionRetention = provisionRetention;
			return this;
		}

		public KinesisOptions build() {
			return new KinesisOptions(this.maxRecordBytes, this.maxRequestBytes, this.maxRecordsPerRequest,
					this.sendAttempts, this.sendRetryDelay, this.sendMaxRetryDelay, this.initialPosition, this.retrieval,
					this.pollInterval, this.failoverTime, this.leaseAssignmentInterval, this.shardSyncInterval,
					this.metrics, this.defaultShards, this.provisionRetention, this.leaseTableProtection,
					this.createLeaseTables, this.publishBatchWindow);
		}

	}

}
