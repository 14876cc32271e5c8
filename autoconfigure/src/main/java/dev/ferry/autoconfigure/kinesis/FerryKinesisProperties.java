package dev.ferry.autoconfigure.kinesis;

import java.time.Duration;

import dev.ferry.transport.kinesis.KinesisLimits;
import dev.ferry.transport.kinesis.KinesisOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of Ferry's Kinesis Data Streams transport, under {@code ferry.kinesis.*}.
 */
@ConfigurationProperties("ferry.kinesis")
public class FerryKinesisProperties {

	/**
	 * Region of the Kinesis, DynamoDB and CloudWatch clients Ferry creates when the application defines none.
	 */
	private @Nullable String region;

	/**
	 * Endpoint override of the Kinesis client Ferry creates (a local emulator).
	 */
	private @Nullable String endpoint;

	/**
	 * Endpoint override of the DynamoDB client Ferry creates for the lease tables.
	 */
	private @Nullable String dynamodbEndpoint;

	/**
	 * Largest record (data plus partition key); raise it for streams whose MaxRecordSizeInKiB is raised.
	 */
	private DataSize maxRecordSize = DataSize.ofBytes(KinesisLimits.DEFAULT_MAX_RECORD_BYTES);

	/**
	 * Size a PutRecords request is kept under.
	 */
	private DataSize maxRequestSize = DataSize.ofBytes(KinesisLimits.DEFAULT_MAX_REQUEST_BYTES);

	/**
	 * Records per PutRecords request (at most 500).
	 */
	private int maxRecordsPerRequest = KinesisLimits.MAX_RECORDS_PER_PUT;

	/**
	 * Attempts per record when Kinesis throttles it or fails internally.
	 */
	private int sendAttempts = 5;

	/**
	 * First back-off before re-sending failed records; doubles per attempt.
	 */
	private Duration sendRetryDelay = Duration.ofMillis(100);

	/**
	 * Cap of that back-off.
	 */
	private Duration sendMaxRetryDelay = Duration.ofSeconds(2);

	/**
	 * Where a new listener starts reading: TRIM_HORIZON or LATEST.
	 */
	private String initialPosition = KinesisOptions.TRIM_HORIZON;

	/**
	 * How listeners read: polling (GetRecords) or fan-out (enhanced fan-out).
	 */
	private String retrieval = KinesisOptions.POLLING;

	/**
	 * Pause between two GetRecords calls of a shard.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * Time after which a lease that was not renewed may be taken by another worker.
	 */
	private Duration failoverTime = Duration.ofSeconds(10);

	/**
	 * How often the KCL leader assigns leases.
	 */
	private Duration leaseAssignmentInterval = Duration.ofSeconds(20);

	/**
	 * How often shards are synchronised with leases (resharding).
	 */
	private Duration shardSyncInterval = Duration.ofMinutes(1);

	/**
	 * Whether the Kinesis Client Library publishes its CloudWatch metrics.
	 */
	private boolean metrics;

	/**
	 * Shards of streams created when ferry.provision is true (a destination's shards property overrides it).
	 */
	private int shards = 1;

	/**
	 * Retention of streams created when ferry.provision is true.
	 */
	private Duration retention = Duration.ofDays(7);

	/**
	 * Whether lease tables Ferry creates get point-in-time recovery and deletion protection.
	 */
	private boolean leaseTableProtection = true;

	/**
	 * Whether listeners create missing lease tables even when ferry.provision is false.
	 */
	private boolean createLeaseTables;

	private final Publish publish = new Publish();

	/** The transport options these properties describe. */
	public KinesisOptions toOptions() {
		return KinesisOptions.builder()
			.maxRecordBytes(this.maxRecordSize.toBytes())
			.maxRequestBytes(this.maxRequestSize.toBytes())
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
			.defaultShards(this.shards)
			.provisionRetention(this.retention)
			.leaseTableProtection(this.leaseTableProtection)
			.createLeaseTables(this.createLeaseTables)
			.publishBatchWindow(this.publish.getBatchWindow())
			.build();
	}

	public @Nullable String getRegion() {
		return this.region;
	}

	public void setRegion(@Nullable String region) {
		this.region = region;
	}

	public @Nullable String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable String endpoint) {
		this.endpoint = endpoint;
	}

	public @Nullable String getDynamodbEndpoint() {
		return this.dynamodbEndpoint;
	}

	public void setDynamodbEndpoint(@Nullable String dynamodbEndpoint) {
		this.dynamodbEndpoint = dynamodbEndpoint;
	}

	public DataSize getMaxRecordSize() {
		return this.maxRecordSize;
	}

	public void setMaxRecordSize(DataSize maxRecordSize) {
		this.maxRecordSize = maxRecordSize;
	}

	public DataSize getMaxRequestSize() {
		return this.maxRequestSize;
	}

	public void setMaxRequestSize(DataSize maxRequestSize) {
		this.maxRequestSize = maxRequestSize;
	}

	public int getMaxRecordsPerRequest() {
		return this.maxRecordsPerRequest;
	}

	public void setMaxRecordsPerRequest(int maxRecordsPerRequest) {
		this.maxRecordsPerRequest = maxRecordsPerRequest;
	}

	public int getSendAttempts() {
		return this.sendAttempts;
	}

	public void setSendAttempts(int sendAttempts) {
		this.sendAttempts = sendAttempts;
	}

	public Duration getSendRetryDelay() {
		return this.sendRetryDelay;
	}

	public void setSendRetryDelay(Duration sendRetryDelay) {
		this.sendRetryDelay = sendRetryDelay;
	}

	public Duration getSendMaxRetryDelay() {
		return this.sendMaxRetryDelay;
	}

	public void setSendMaxRetryDelay(Duration sendMaxRetryDelay) {
		this.sendMaxRetryDelay = sendMaxRetryDelay;
	}

	public String getInitialPosition() {
		return this.initialPosition;
	}

	public void setInitialPosition(String initialPosition) {
		this.initialPosition = initialPosition;
	}

	public String getRetrieval() {
		return this.retrieval;
	}

	public void setRetrieval(String retrieval) {
		this.retrieval = retrieval;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getFailoverTime() {
		return this.failoverTime;
	}

	public void setFailoverTime(Duration failoverTime) {
		this.failoverTime = failoverTime;
	}

	public Duration getLeaseAssignmentInterval() {
		return this.leaseAssignmentInterval;
	}

	public void setLeaseAssignmentInterval(Duration leaseAssignmentInterval) {
		this.leaseAssignmentInterval = leaseAssignmentInterval;
	}

	public Duration getShardSyncInterval() {
		return this.shardSyncInterval;
	}

	public void setShardSyncInterval(Duration shardSyncInterval) {
		this.shardSyncInterval = shardSyncInterval;
	}

	public boolean isMetrics() {
		return this.metrics;
	}

	public void setMetrics(boolean metrics) {
		this.metrics = metrics;
	}

	public int getShards() {
		return this.shards;
	}

	public void setShards(int shards) {
		this.shards = shards;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public boolean isLeaseTableProtection() {
		return this.leaseTableProtection;
	}

	public void setLeaseTableProtection(boolean leaseTableProtection) {
		this.leaseTableProtection = leaseTableProtection;
	}

	public boolean isCreateLeaseTables() {
		return this.createLeaseTables;
	}

	public void setCreateLeaseTables(boolean createLeaseTables) {
		this.createLeaseTables = createLeaseTables;
	}

	public Publish getPublish() {
		return this.publish;
	}

	/** Publishing settings. */
	public static class Publish {

		/**
		 * How long concurrent single-record publishes to one stream wait for each other to share a
		 * PutRecords request; 0 sends every call at once. Records of one partition key never share a
		 * gathered request, and calls of several records are sent as they are.
		 */
		private Duration batchWindow = KinesisOptions.DEFAULT_PUBLISH_BATCH_WINDOW;

		public Duration getBatchWindow() {
			return this.batchWindow;
		}

		public void setBatchWindow(Duration batchWindow) {
			this.batchWindow = batchWindow;
		}

	}

}
