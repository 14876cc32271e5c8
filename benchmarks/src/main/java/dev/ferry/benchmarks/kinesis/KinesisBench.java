package dev.ferry.benchmarks.kinesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.test.aws.MotoServer;
import dev.ferry.transport.kinesis.KinesisLimits;
import dev.ferry.transport.kinesis.KinesisOptions;
import dev.ferry.transport.kinesis.KinesisRecordFormat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared parts of the Kinesis scenarios: moto as a child process (it serves Kinesis and the
 * DynamoDB lease tables the KCL needs), clients set up as moto requires (HTTP/1.1, CBOR off), the
 * event both sides handle, and what an application writes by hand to put records in Ferry's
 * record format.
 */
final class KinesisBench implements AutoCloseable {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** Records per PutRecords request on both sides: Ferry's default, the Kinesis maximum. */
	static final int BATCH = KinesisLimits.MAX_RECORDS_PER_PUT;

	/** The event both sides publish and consume. */
	public record OrderShipped(String orderId, String customer, int parcels, double weight) {
	}

	static final OrderShipped EVENT = new OrderShipped("o-1", "c-42", 3, 2.5);

	private final MotoServer moto;

	private final KinesisAsyncClient kinesis;

	private final DynamoDbAsyncClient dynamo;

	/** The round being timed: told when a GetRecords response brings records. */
	private volatile @Nullable Timing timing;

	KinesisBench() {
		if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(Level.WARN);
		}
		// The KCL warns at every lease assignment round while a worker is starting: noise here.
		if (LoggerFactory.getLogger("software.amazon.kinesis") instanceof ch.qos.logback.classic.Logger kcl) {
			kcl.setLevel(Level.ERROR);
		}
		if (!MotoServer.isAvailable()) {
			throw new IllegalStateException("moto_server not found on the PATH (pip install \"moto[server]\")");
		}
		// moto answers JSON only; the SDK reads this property when a client is built.
		System.setProperty("aws.cborEnabled", "false");
		this.moto = MotoServer.create().start();
		this.kinesis = KinesisAsyncClient.builder()
			.overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
				@Override
				public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
					Timing timing = KinesisBench.this.timing;
					if (timing != null && context.response() instanceof GetRecordsResponse records
							&& !records.records().isEmpty()) {
						timing.arrived(records.records().size());
					}
				}
			}))
			.httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).maxConcurrency(64))
			.endpointOverride(this.moto.endpoint())
			.region(this.moto.region())
			.credentialsProvider(this.moto.credentials())
			.build();
		this.dynamo = DynamoDbAsyncClient.builder()
			.endpointOverride(this.moto.endpoint())
			.region(this.moto.region())
			.credentialsProvider(this.moto.credentials())
			.build();
	}

	KinesisAsyncClient kinesis() {
		return this.kinesis;
	}

	DynamoDbAsyncClient dynamo() {
		return this.dynamo;
	}

	/**
	 * KCL timings for both consume sides (the same ones the adapter's tests use on moto): a poll
	 * every 200 ms and quick lease assignment, so that a round starts in seconds.
	 */
	static KinesisOptions options() {
		return KinesisOptions.builder()
			.initialPosition(KinesisOptions.TRIM_HORIZON)
			.pollInterval(Duration.ofMillis(200))
			.failoverTime(Duration.ofSeconds(3))
			.leaseAssignmentInterval(Duration.ofMillis(500))
			.shardSyncInterval(Duration.ofSeconds(5))
			.leaseTableProtection(false)
			.createLeaseTables(true)
			.metrics(false)
			.build();
	}

	/** Starts timing a round: its window opens when the first records arrive from GetRecords. */
	Timing time(int expected) {
		Timing timing = new Timing(expected);
		this.timing = timing;
		return timing;
	}

	/** Creates a stream and waits until it is ACTIVE. */
	void createStream(String name, int shards) throws Exception {
		this.kinesis.createStream(b -> b.streamName(name).shardCount(shards)).get();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			if (this.kinesis.describeStreamSummary(b -> b.streamName(name))
				.get()
				.streamDescriptionSummary()
				.streamStatus() == StreamStatus.ACTIVE) {
				return;
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("stream " + name + " not ACTIVE after 30 s");
	}

	/** One record as Ferry writes it: Jackson body, Ferry's headers in its record format, id as key. */
	static PutRecordsRequestEntry record(OrderShipped event) {
		String id = UUID.randomUUID().toString();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(FerryHeaders.MESSAGE_ID, id);
		headers.put(FerryHeaders.TYPE, OrderShipped.class.getName());
		headers.put(FerryHeaders.CONTENT_TYPE, "application/json");
		byte[] body = MAPPER.writeValueAsBytes(event);
		return PutRecordsRequestEntry.builder()
			.partitionKey(id)
			.data(SdkBytes.fromByteArrayUnsafe(KinesisRecordFormat.encode(Headers.of(headers), body)))
			.build();
	}

	/**
	 * Puts {@code count} records in Ferry's format: {@value #BATCH} per PutRecords request, one
	 * request in flight at a time (as Ferry's publisher sends one call's requests), every record's
	 * result checked.
	 */
	void putRecords(String stream, int count) throws Exception {
		List<PutRecordsRequestEntry> chunk = new ArrayList<>(BATCH);
		for (int i = 0; i < count; i++) {
			chunk.add(record(EVENT));
			if (chunk.size() == BATCH || i == count - 1) {
				List<PutRecordsRequestEntry> records = chunk;
				PutRecordsResponse response = this.kinesis.putRecords(b -> b.streamName(stream).records(records)).get();
				if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
					throw new IllegalStateException(response.failedRecordCount() + " records failed in PutRecords");
				}
				chunk = new ArrayList<>(BATCH);
			}
		}
	}

	@Override
	public void close() {
		this.kinesis.close();
		this.dynamo.close();
		this.moto.close();
	}

	/**
	 * Counts handled records and times the window from the first GetRecords response with records
	 * (both sides use this bench's client) to the last handled record: KCL start-up and lease
	 * taking are not measured, while everything done with the records (delivery to the record
	 * processor, decoding, handling, checkpoints) is, on both sides alike.
	 */
	static final class Timing {

		private static final long TIMEOUT_SECONDS = 90;

		private final int expected;

		private final CountDownLatch done;

		private final AtomicLong first = new AtomicLong();

		private final AtomicLong last = new AtomicLong();

		private final AtomicLong sink = new AtomicLong();

		private final AtomicLong firstHandled = new AtomicLong();

		/** Process CPU time (all threads: KCL, SDK, GC, JIT) at the window's start and end. */
		private final AtomicLong cpuAtFirst = new AtomicLong(-1);

		private volatile long cpuAtLast;

		private final java.util.Queue<Integer> batches = new java.util.concurrent.ConcurrentLinkedQueue<>();

		Timing(int expected) {
			this.expected = expected;
			this.done = new CountDownLatch(expected);
		}

		void arrived(int records) {
			if (this.first.compareAndSet(0, System.nanoTime())) {
				this.cpuAtFirst.set(processCpuNanos());
			}
			this.batches.add(records);
		}

		void handled(OrderShipped event) {
			long now = System.nanoTime();
			this.first.compareAndSet(0, now);
			this.firstHandled.compareAndSet(0, now);
			this.sink.addAndGet(event.parcels());
			this.last.set(now);
			if (this.done.getCount() == 1) {
				this.cpuAtLast = processCpuNanos();
			}
			this.done.countDown();
		}

		/** Nanoseconds from the first records' arrival to the last handled record. */
		long await() throws InterruptedException {
			if (!this.done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Only " + (this.expected - this.done.getCount()) + " of "
						+ this.expected + " records consumed in " + TIMEOUT_SECONDS + " s");
			}
			return Math.max(1, this.last.get() - this.first.get());
		}

		/**
		 * Process CPU time spent in the window, all threads: unlike the wall-clock window it does not
		 * grow when other processes take the machine's cores (cache and frequency effects aside).
		 */
		long cpuNanos() {
			return Math.max(1, this.cpuAtLast - this.cpuAtFirst.get());
		}

		private static long processCpuNanos() {
			return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
				.getOperatingSystemMXBean()).getProcessCpuTime();
		}

		/** Where the window went: GetRecords batches, arrival to first handled, first to last handled. */
		String breakdown() {
			return String.format(java.util.Locale.ROOT,
					"GetRecords batches %s; arrival to first handled %.0f ms; first to last handled %.0f ms; process CPU %.0f ms",
					this.batches, (this.firstHandled.get() - this.first.get()) / 1e6,
					(this.last.get() - this.firstHandled.get()) / 1e6, cpuNanos() / 1e6);
		}

	}

}
