package dev.ferry.transport.kinesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.TransportException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.Subscription;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.HashKeyRangeForLease;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * One listener on one stream: a KCL {@link Scheduler} (a KCL application of its own, named after
 * the listener: each listener id is its own subscriber) whose record processors are
 * {@link KinesisShardProcessor}s.
 *
 * <p>Start: the lease table must exist, or is created when provisioning is on (the KCL would create
 * it silently otherwise). For a new application on a stream that was never resharded, Ferry writes
 * the first leases itself (one per shard, at the initial position, conditional puts, as the KCL's
 * own shard sync would): on an empty lease table the KCL otherwise waits a random 1–30 s before
 * syncing, to let one of several new workers go first. The scheduler runs on its own thread.
 *
 * <p>Stop: back-offs are cut short, the KCL's graceful shutdown lets running handlers finish and
 * checkpoints what is finished, then the leases this worker held are released so that another
 * worker takes them at once instead of after the failover time. A stopped receiver can be started
 * again (with a new scheduler, the same worker id, so it takes its own leases back at once).
 */
final class KinesisReceiver implements Subscription {

	private static final Logger logger = LoggerFactory.getLogger(KinesisReceiver.class);

	private final KinesisTransport transport;

	private final Destination destination;

	private final ReceiveSettings settings;

	private final InboundProcessor processor;

	private final KinesisDestinationSettings destinationSettings;

	private final String applicationName;

	private final String leaseTable;

	private final String workerId;

	private final Semaphore permits;

	private @Nullable Scheduler scheduler;

	private @Nullable Thread thread;

	private volatile @Nullable Lifecycle lifecycle;

	private volatile @Nullable LeaseRefresher leaseRefresher;

	KinesisReceiver(KinesisTransport transport, Destination destination, ReceiveSettings settings,
			InboundProcessor processor) {
		this.transport = transport;
		this.destination = destination;
		this.settings = settings;
		this.processor = processor;
		this.destinationSettings = KinesisDestinationSettings.of(destination, transport.options());
		this.applicationName = this.destinationSettings.applicationName(settings.listenerId());
		this.leaseTable = this.destinationSettings.leaseTable(this.applicationName);
		this.workerId = this.applicationName + "-" + UUID.randomUUID();
		this.permits = new Semaphore(settings.concurrency());
	}

	Destination destination() {
		return this.destination;
	}

	String applicationName() {
		return this.applicationName;
	}

	String leaseTable() {
		return this.leaseTable;
	}

	String workerId() {
		return this.workerId;
	}

	@Override
	public synchronized void start() {
		if (this.thread != null && this.thread.isAlive()) {
			return;
		}
		String stream = this.destination.resource();
		KinesisAcknowledger acknowledger = new KinesisAcknowledger(this.destination, this.transport.streamArn(stream),
				this.applicationName, this.transport.deadLetterTarget(this.destination));
		Lifecycle lifecycle = new Lifecycle();
		Duration maxRecordAge = this.destinationSettings.maxRecordAge();
		InitialPositionInStreamExtended position = InitialPositionInStreamExtended
			.newInitialPosition(KinesisOptions.LATEST.equals(this.destinationSettings.initialPosition())
					? InitialPositionInStream.LATEST : InitialPositionInStream.TRIM_HORIZON);
		ConfigsBuilder configs = new ConfigsBuilder(
				new SingleStreamTracker(StreamIdentifier.singleStreamInstance(stream), position), this.applicationName,
				this.transport.kinesis(), this.transport.dynamo(), this.transport.cloudWatch(), this.workerId,
				() -> new KinesisShardProcessor(this.destination, this.processor, acknowledger, this.permits, lifecycle,
						maxRecordAge, this.settings.batch() ? this.settings.maxBatchSize() : Integer.MAX_VALUE,
						(shard, millis) -> this.transport.behindLatest(this.destination.name(), this.settings.listenerId(),
								shard, millis)));
		configs.tableName(this.leaseTable);
		KinesisOptions options = this.transport.options();
		LeaseManagementConfig leases = configs.leaseManagementConfig()
			.failoverTimeMillis(options.failoverTime().toMillis())
			.leaseAssignmentIntervalMillis(options.leaseAssignmentInterval().toMillis())
			.shardSyncIntervalMillis(options.shardSyncInterval().toMillis())
			// A stopped leader is replaced after the failover time, as a stopped lease owner is.
			.dynamoDbLockBasedLeaderLeaseDurationInMillis(options.failoverTime().toMillis())
			.dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(Math.max(100, options.failoverTime().toMillis() / 3))
			.leaseTablePitrEnabled(options.leaseTableProtection())
			.leaseTableDeletionProtectionEnabled(options.leaseTableProtection());
		// The leader assigns leases only to workers that reported their metrics: report as often as it assigns.
		leases.workerUtilizationAwareAssignmentConfig()
			.workerMetricsReporterFreqInMillis(options.leaseAssignmentInterval().toMillis());
		LeaseRefresher refresher = leases.leaseManagementFactory(new DynamoDBLeaseSerializer(), false)
			.createLeaseRefresher();
		prepareLeaseTable(refresher, position);
		RetrievalConfig retrieval = configs.retrievalConfig();
		if (KinesisOptions.POLLING.equals(this.destinationSettings.retrieval())) {
			retrieval.retrievalSpecificConfig(new PollingConfig(stream, this.transport.kinesis())
				.idleTimeBetweenReadsInMillis(options.pollInterval().toMillis())
				.maxRecords(this.settings.batch() ? Math.min(this.settings.maxBatchSize(), KinesisLimits.MAX_RECORDS_PER_GET)
						: KinesisLimits.MAX_RECORDS_PER_GET));
		}
		Scheduler scheduler = new Scheduler(configs.checkpointConfig(),
				configs.coordinatorConfig()
					.parentShardPollIntervalMillis(options.pollInterval().toMillis())
					.shardConsumerDispatchPollIntervalMillis(Math.min(1000, options.pollInterval().toMillis())),
				leases, configs.lifecycleConfig(),
				options.metrics() ? configs.metricsConfig()
						: configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
				configs.processorConfig(), retrieval);
		Thread thread = new Thread(scheduler, "ferry-kinesis-" + this.settings.listenerId());
		thread.setDaemon(true);
		this.lifecycle = lifecycle;
		this.scheduler = scheduler;
		this.thread = thread;
		this.leaseRefresher = refresher;
		thread.start();
		logger.info("kinesis/{} listener {} started (application {}, lease table {}, worker {})",
				this.destination.name(), this.settings.listenerId(), this.applicationName, this.leaseTable,
				this.workerId);
	}

	private void prepareLeaseTable(LeaseRefresher refresher, InitialPositionInStreamExtended position) {
		try {
			if (!refresher.leaseTableExists()) {
				if (!this.transport.provisioning(this.destination) && !this.transport.options().createLeaseTables()) {
					throw new FerryConfigurationException("Lease table '" + this.leaseTable + "' of listener '"
							+ this.settings.listenerId() + "' on " + this.destination.configPrefix()
							+ " does not exist: create it (docs/transports/kinesis.md), set ferry.provision=true or "
							+ "ferry.kinesis.create-lease-tables=true");
				}
				refresher.createLeaseTableIfNotExists();
				refresher.waitUntilLeaseTableExists(1, 120);
			}
			if (refresher.isLeaseTableEmpty()) {
				seedLeases(refresher, position);
			}
		}
		catch (FerryConfigurationException ex) {
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransportException("Interrupted while preparing lease table " + this.leaseTable, ex, true);
		}
		catch (Exception ex) {
			throw new TransportException("Could not prepare lease table " + this.leaseTable + " of "
					+ this.destination.configPrefix() + ": " + ex.getMessage(), ex, true);
		}
	}

	private void seedLeases(LeaseRefresher refresher, InitialPositionInStreamExtended position) throws Exception {
		List<Shard> shards = this.transport.shards(this.destination.resource());
		boolean neverResharded = shards.stream()
			.allMatch(shard -> shard.parentShardId() == null && shard.sequenceNumberRange().endingSequenceNumber() == null);
		if (!neverResharded) {
			// Parents and children need the KCL's own hierarchy rules: leave it to its shard sync.
			return;
		}
		ExtendedSequenceNumber checkpoint = position.getInitialPositionInStream() == InitialPositionInStream.LATEST
				? ExtendedSequenceNumber.LATEST : ExtendedSequenceNumber.TRIM_HORIZON;
		for (Shard shard : shards) {
			Lease lease = new Lease();
			lease.leaseKey(shard.shardId());
			lease.checkpoint(checkpoint);
			lease.ownerSwitchesSinceCheckpoint(0L);
			lease.parentShardIds(List.of());
			lease.hashKeyRange(HashKeyRangeForLease.fromHashKeyRange(shard.hashKeyRange()));
			refresher.createLeaseIfNotExists(lease);
		}
	}

	@Override
	public void stop(Duration timeout) {
		Scheduler scheduler;
		Thread thread;
		Lifecycle lifecycle;
		synchronized (this) {
			scheduler = this.scheduler;
			thread = this.thread;
			lifecycle = this.lifecycle;
			if (scheduler == null || thread == null || lifecycle == null || !thread.isAlive()) {
				return;
			}
			lifecycle.stop();
		}
		try {
			Future<Boolean> done = scheduler.startGracefulShutdown();
			done.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("kinesis/{} listener {} did not stop within {}; unfinished records are delivered again",
					this.destination.name(), this.settings.listenerId(), timeout);
			scheduler.shutdown();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			scheduler.shutdown();
		}
		catch (Exception ex) {
			logger.warn("kinesis/{} listener {}: graceful shutdown failed", this.destination.name(),
					this.settings.listenerId(), ex);
			scheduler.shutdown();
		}
		try {
			thread.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		releaseLeases();
	}

	/** Hands this worker's leases back so another worker takes them at its next assignment. */
	private void releaseLeases() {
		LeaseRefresher refresher = this.leaseRefresher;
		if (refresher == null) {
			return;
		}
		try {
			for (Lease lease : refresher.listLeases()) {
				if (this.workerId.equals(lease.leaseOwner())) {
					refresher.evictLease(lease);
				}
			}
		}
		catch (Exception ex) {
			logger.debug("kinesis/{} listener {}: leases not released ({}); they expire after the failover time",
					this.destination.name(), this.settings.listenerId(), ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		Thread thread = this.thread;
		Lifecycle lifecycle = this.lifecycle;
		return thread != null && thread.isAlive() && lifecycle != null && !lifecycle.stopping();
	}

	/** What the record processors of one scheduler run share: the stop signal. */
	static final class Lifecycle {

		private final Set<KinesisShardProcessor> processors = ConcurrentHashMap.newKeySet();

		private volatile boolean stopping;

		boolean stopping() {
			return this.stopping;
		}

		void register(KinesisShardProcessor processor) {
			this.processors.add(processor);
		}

		void unregister(KinesisShardProcessor processor) {
			this.processors.remove(processor);
		}

		void stop() {
			this.stopping = true;
			new ArrayList<>(this.processors).forEach(KinesisShardProcessor::wake);
		}

	}

}
