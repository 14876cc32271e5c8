package dev.ferry.benchmarks.kinesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.ferry.benchmarks.Scenario;
import dev.ferry.benchmarks.sqs.Interleaved;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.transport.kinesis.KinesisLimits;
import dev.ferry.transport.kinesis.KinesisOptions;
import dev.ferry.transport.kinesis.KinesisRecordFormat;
import dev.ferry.transport.kinesis.KinesisTransport;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * {@code kinesis-consume}: a Ferry listener (record format decode, Jackson read, idempotency gate on
 * its default in-memory store, handler, checkpoint as records finish) against a bare KCL
 * {@link ShardRecordProcessor} doing the same work by hand (record format decode, message ids seen
 * before dropped with an in-memory map, Jackson read, handler, one checkpoint at the end of each
 * batch). Both on moto, with the same KCL settings (polling every 200 ms, up to 10,000 records per
 * GetRecords, lease timings of {@link KinesisBench#options()}, no KCL metrics). Each round fills a
 * fresh one-shard stream first and starts a fresh KCL application on it; the time is taken from the
 * first GetRecords response with records to the last handled record (see
 * {@link KinesisBench.Timing}), so KCL start-up and lease taking are not measured. At most {@value #MAX_ROUNDS} measured
 * rounds after {@value #WARMUP_ROUNDS} warm-up rounds keep the run near five minutes. A third contender,
 * Ferry with idempotency off, is printed beside the RESULT to show what the gate costs.
 */
public final class KinesisConsumeScenario implements Scenario {

	/**
	 * Records per round: the timed window is short (a bare processor handles 2,000 records in some
	 * 30 ms), so fewer records leave the ratio to chance; filling the stream is the slow part on moto.
	 */
	private static final int DEFAULT_MESSAGES = 8_000;

	/**
	 * One shard: with two, the KCL takes the second lease a moment after the first, and that gap
	 * would be timed as if it were processing.
	 */
	private static final int SHARDS = 1;

	/** Measured rounds at most: every round starts three KCL applications, seconds each on moto. */
	private static final int MAX_ROUNDS = 3;

	/** Warm-up rounds before the measured ones. */
	private static final int WARMUP_ROUNDS = 2;

	@Override
	public String name() {
		return "kinesis-consume";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		// Every round starts three KCL applications (some 15 s on moto): two warm-up rounds (the JIT has
		// compiled neither side's record path before them: a cold round measures the compiler, not the
		// code, and 8,000 records are about one C2 compile threshold of per-record calls) and few
		// measured ones.
		Options bounded = new Options(messages, WARMUP_ROUNDS, Math.min(MAX_ROUNDS, options.rounds()));
		try (KinesisBench bench = new KinesisBench();
				CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder()
					.region(bench.kinesis().serviceClientConfiguration().region())
					.credentialsProvider(bench.kinesis().serviceClientConfiguration().credentialsProvider())
					.build()) {
			List<Long> ferryCpu = new ArrayList<>();
			List<Long> rawCpu = new ArrayList<>();
			List<Long> withoutGateCpu = new ArrayList<>();
			Map<String, Double> rates = new Interleaved()
				.add("ferry", count -> viaFerry(bench, cloudWatch, count, true, ferryCpu))
				.add("raw", count -> raw(bench, cloudWatch, count, rawCpu))
				.add("ferry-no-idempotency", count -> viaFerry(bench, cloudWatch, count, false, withoutGateCpu))
				.run(bounded, messages);
			double viaFerry = rates.get("ferry");
			double raw = rates.get("raw");
			double withoutGate = rates.get("ferry-no-idempotency");
			System.out.printf(Locale.ROOT, "Ferry listener: %.0f records/s%n", viaFerry);
			// Not the RESULT: the baseline still drops seen ids, which this listener does not.
			System.out.printf(Locale.ROOT, "Ferry listener, idempotency off: %.0f records/s (ratio %.2f)%n", withoutGate,
					withoutGate / raw);
			System.out.printf(Locale.ROOT, "bare KCL ShardRecordProcessor doing the same work: %.0f records/s (ratio %.2f)%n",
					raw, viaFerry / raw);
			// Process CPU per record in the same windows (median of the measured rounds): what each side
			// costs the machine, less moved by other processes than the wall-clock rate.
			double ferryCpuNanos = medianOfLast(ferryCpu, bounded.rounds());
			double rawCpuNanos = medianOfLast(rawCpu, bounded.rounds());
			double withoutGateCpuNanos = medianOfLast(withoutGateCpu, bounded.rounds());
			System.out.printf(Locale.ROOT,
					"process CPU per record: Ferry %.1f us, idempotency off %.1f us, bare processor %.1f us (ratios %.2f, %.2f)%n",
					ferryCpuNanos / messages / 1e3, withoutGateCpuNanos / messages / 1e3, rawCpuNanos / messages / 1e3,
					rawCpuNanos / ferryCpuNanos, rawCpuNanos / withoutGateCpuNanos);
			return new Result(viaFerry, raw, "bare KCL 3 ShardRecordProcessor: Ferry record format decode, in-memory "
					+ "duplicate check by message id, Jackson read, checkpoint at the end of each batch; same stream shape and KCL settings");
		}
	}

	private static double medianOfLast(List<Long> values, int last) {
		List<Long> measured = new ArrayList<>(values.subList(Math.max(0, values.size() - last), values.size()));
		Collections.sort(measured);
		return measured.get(measured.size() / 2);
	}

	private static long viaFerry(KinesisBench bench, CloudWatchAsyncClient cloudWatch, int count, boolean idempotent,
			List<Long> cpu) throws Exception {
		String stream = "bench-ferry-" + UUID.randomUUID().toString().substring(0, 8);
		bench.createStream(stream, SHARDS);
		bench.createStream(stream + "-dlq", 1);
		bench.putRecords(stream, count);
		KinesisBench.Timing timing = bench.time(count);
		try (Ferry ferry = Ferry.builder()
			.transport(new KinesisTransport(bench.kinesis(), bench.dynamo(), cloudWatch, KinesisBench.options(),
					name -> null))
			.destination(Destination.of("order-shipped", KinesisTransport.NAME, stream)
				.withProperties(Map.of("application-name", stream)))
			.hardeningMode(HardeningMode.OFF)
			.build()) {
			ferry.listen(ListenerDefinition
				.builder("bench", "order-shipped", KinesisBench.OrderShipped.class,
						(event, context) -> timing.handled(event))
				.idempotent(idempotent)
				.build());
			ferry.start();
			long nanos = timing.await();
			System.out.println((idempotent ? "  ferry round: " : "  ferry round, idempotency off: ") + timing.breakdown());
			cpu.add(timing.cpuNanos());
			return nanos;
		}
	}

	/** What an application writes with the KCL alone for the same result. */
	private static long raw(KinesisBench bench, CloudWatchAsyncClient cloudWatch, int count, List<Long> cpu)
			throws Exception {
		String stream = "bench-raw-" + UUID.randomUUID().toString().substring(0, 8);
		bench.createStream(stream, SHARDS);
		bench.putRecords(stream, count);
		KinesisBench.Timing timing = bench.time(count);
		KinesisOptions options = KinesisBench.options();
		ConfigsBuilder configs = new ConfigsBuilder(
				new SingleStreamTracker(StreamIdentifier.singleStreamInstance(stream),
						InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
				stream, bench.kinesis(), bench.dynamo(), cloudWatch, stream + "-" + UUID.randomUUID(),
				() -> new Processor(timing));
		LeaseManagementConfig leases = configs.leaseManagementConfig()
			.failoverTimeMillis(options.failoverTime().toMillis())
			.leaseAssignmentIntervalMillis(options.leaseAssignmentInterval().toMillis())
			.shardSyncIntervalMillis(options.shardSyncInterval().toMillis())
			.dynamoDbLockBasedLeaderLeaseDurationInMillis(options.failoverTime().toMillis())
			.dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(Math.max(100, options.failoverTime().toMillis() / 3))
			.leaseTablePitrEnabled(false)
			.leaseTableDeletionProtectionEnabled(false);
		leases.workerUtilizationAwareAssignmentConfig()
			.workerMetricsReporterFreqInMillis(options.leaseAssignmentInterval().toMillis());
		RetrievalConfig retrieval = configs.retrievalConfig()
			.retrievalSpecificConfig(new PollingConfig(stream, bench.kinesis())
				.idleTimeBetweenReadsInMillis(options.pollInterval().toMillis())
				.maxRecords(KinesisLimits.MAX_RECORDS_PER_GET));
		Scheduler scheduler = new Scheduler(configs.checkpointConfig(),
				configs.coordinatorConfig()
					.parentShardPollIntervalMillis(options.pollInterval().toMillis())
					.shardConsumerDispatchPollIntervalMillis(Math.min(1000, options.pollInterval().toMillis())),
				leases, configs.lifecycleConfig(), configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
				configs.processorConfig(), retrieval);
		Thread thread = new Thread(scheduler, "bench-kcl-" + stream);
		thread.setDaemon(true);
		thread.start();
		try {
			long nanos = timing.await();
			System.out.println("  raw round:   " + timing.breakdown());
			cpu.add(timing.cpuNanos());
			return nanos;
		}
		finally {
			scheduler.startGracefulShutdown().get(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * Decodes, drops a message id seen before (as Ferry's default in-memory idempotency gate does),
	 * reads and checkpoints once per batch.
	 */
	private static final class Processor implements ShardRecordProcessor {

		private final KinesisBench.Timing timing;

		private final Map<String, Boolean> seen = new ConcurrentHashMap<>();

		Processor(KinesisBench.Timing timing) {
			this.timing = timing;
		}

		@Override
		public void initialize(InitializationInput input) {
		}

		@Override
		public void processRecords(ProcessRecordsInput input) {
			for (KinesisClientRecord record : input.records()) {
				byte[] data = new byte[record.data().remaining()];
				record.data().get(data);
				KinesisRecordFormat.Decoded decoded = KinesisRecordFormat.decode(data);
				String id = decoded.headers().getOrNull(FerryHeaders.MESSAGE_ID);
				if (id != null && this.seen.putIfAbsent(id, Boolean.TRUE) != null) {
					continue;
				}
				this.timing.handled(KinesisBench.MAPPER.readValue(decoded.payload(), KinesisBench.OrderShipped.class));
			}
			if (!input.records().isEmpty()) {
				try {
					input.checkpointer().checkpoint();
				}
				catch (Exception ex) {
					throw new IllegalStateException("checkpoint failed", ex);
				}
			}
		}

		@Override
		public void leaseLost(LeaseLostInput input) {
		}

		@Override
		public void shardEnded(ShardEndedInput input) {
			try {
				input.checkpointer().checkpoint();
			}
			catch (Exception ex) {
				throw new IllegalStateException("checkpoint at shard end failed", ex);
			}
		}

		@Override
		public void shutdownRequested(ShutdownRequestedInput input) {
		}

	}

}
