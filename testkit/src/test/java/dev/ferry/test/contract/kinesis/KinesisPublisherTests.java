package dev.ferry.test.contract.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import dev.ferry.test.contract.ConcurrentSends;
import dev.ferry.transport.kinesis.KinesisOptions;
import dev.ferry.transport.kinesis.KinesisRecordFormat;
import dev.ferry.transport.kinesis.KinesisTransport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * PutRecords batching, per-record results and retries, on moto, with per-record failures injected
 * by {@link PutRecordsFaults} (the failed records are really not written). What went on the wire is
 * read from the interceptor, what the stream holds by reading it back.
 */
class KinesisPublisherTests {

	private final KinesisTestBackend backend = KinesisTestBackend.moto();

	private final PutRecordsFaults faults = new PutRecordsFaults();

	private final KinesisAsyncClient client = this.backend.kinesis(this.faults);

	private @Nullable KinesisTransport transport;

	@AfterEach
	void close() {
		if (this.transport != null) {
			this.transport.close();
		}
		this.client.close();
	}

	private KinesisTransport transport(KinesisOptions.Builder options) {
		this.transport = new KinesisTransport(this.client, this.backend.dynamo(),
				options.sendRetryDelay(Duration.ofMillis(20)).sendMaxRetryDelay(Duration.ofMillis(100)).build());
		return this.transport;
	}

	private Destination stream(int shards) {
		String name = "publish-" + UUID.randomUUID();
		this.backend.createStream(name, shards);
		return Destination.of(name, KinesisTransport.NAME, name);
	}

	@Test
	void batchesAtMost500RecordsPerRequestAndReportsAResultPerMessageInOrder() throws Exception {
		Destination stream = stream(2);
		List<EncodedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 1_201; i++) {
			messages.add(message("m-" + i, null));
		}

		List<SendResult> results = transport(KinesisOptions.builder()).send(stream, messages).get(60, TimeUnit.SECONDS);

		assertThat(results).hasSize(1_201);
		for (int i = 0; i < results.size(); i++) {
			assertThat(results.get(i).messageId()).isEqualTo(messages.get(i).id());
			assertThat(results.get(i)).isInstanceOf(SendResult.Accepted.class);
		}
		assertThat(this.faults.requests).extracting(List::size).containsExactly(500, 500, 201);
		assertThat(readAll(stream)).hasSize(1_201);
	}

	@Test
	void keepsEachRequestUnderTheConfiguredRequestSize() throws Exception {
		Destination stream = stream(1);
		String big = "x".repeat(20 * 1024);
		List<EncodedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			messages.add(message(big + i, null));
		}

		List<SendResult> results = transport(KinesisOptions.builder().maxRecordBytes(32 * 1024).maxRequestBytes(64 * 1024))
			.send(stream, messages)
			.get(60, TimeUnit.SECONDS);

		assertThat(results).allMatch(SendResult.Accepted.class::isInstance);
		assertThat(this.faults.requests).extracting(List::size).containsExactly(3, 3, 1);
	}

	@Test
	void resendsThrottledRecordsWithoutLettingThemOvertakeLaterRecordsOfTheirKey() throws Exception {
		Destination stream = stream(1);
		this.faults.fail("k-2", 2, "ProvisionedThroughputExceededException").fail("other-1", 1, "InternalFailure");
		List<EncodedMessage> messages = List.of(message("k-1", "k"), message("k-2", "k"), message("other-1", null),
				message("k-3", "k"), message("other-2", null), message("k-4", "k"));

		List<SendResult> results = transport(KinesisOptions.builder()).send(stream, messages).get(60, TimeUnit.SECONDS);

		assertThat(results).extracting(SendResult::messageId)
			.containsExactlyElementsOf(messages.stream().map(EncodedMessage::id).toList());
		assertThat(results).allMatch(SendResult.Accepted.class::isInstance);
		List<String> written = readAll(stream);
		assertThat(written).hasSize(6);
		assertThat(written.stream().filter(payload -> payload.startsWith("k-")).toList())
			.containsExactly("k-1", "k-2", "k-3", "k-4");
		// k-2 went out three times (two injected failures), each time alone for its key.
		assertThat(this.faults.requests.stream().filter(request -> request.contains("k-2")).count()).isEqualTo(3);
		assertThat(this.faults.requests).allSatisfy(request -> assertThat(
				request.stream().filter(payload -> payload.startsWith("k-")).count()).isLessThanOrEqualTo(1));
	}

	@Test
	void givesUpAfterTheConfiguredAttemptsAndSaysSoForThatMessageOnly() throws Exception {
		Destination stream = stream(1);
		this.faults.fail("doomed", Integer.MAX_VALUE, "ProvisionedThroughputExceededException");
		List<EncodedMessage> messages = List.of(message("fine-1", null), message("doomed", null), message("fine-2", null));

		List<SendResult> results = transport(KinesisOptions.builder().sendAttempts(3)).send(stream, messages)
			.get(60, TimeUnit.SECONDS);

		assertThat(results.get(0)).isInstanceOf(SendResult.Accepted.class);
		assertThat(results.get(2)).isInstanceOf(SendResult.Accepted.class);
		SendResult.Rejected rejected = (SendResult.Rejected) results.get(1);
		assertThat(rejected.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
		assertThat(rejected.retryable()).isTrue();
		assertThat(rejected.reason()).contains("after 3 attempts");
		assertThat(this.faults.requests.stream().filter(request -> request.contains("doomed")).count()).isEqualTo(3);
		assertThat(readAll(stream)).containsExactlyInAnyOrder("fine-1", "fine-2");
	}

	@Test
	void rejectsTooLargeRecordsAndTooLongKeysWithoutSendingThem() throws Exception {
		Destination stream = stream(1);
		List<EncodedMessage> messages = List.of(message("y".repeat(2_000), null), message("ok", "k".repeat(257)),
				message("fine", null));

		List<SendResult> results = transport(KinesisOptions.builder().maxRecordBytes(1_024)).send(stream, messages)
			.get(60, TimeUnit.SECONDS);

		assertThat(((SendResult.Rejected) results.get(0)).errorCode()).isEqualTo("PayloadTooLarge");
		assertThat(((SendResult.Rejected) results.get(1)).errorCode()).isEqualTo("InvalidPartitionKey");
		assertThat(results.get(2)).isInstanceOf(SendResult.Accepted.class);
		assertThat(this.faults.requests).containsExactly(List.of("fine"));
	}

	@Test
	void recordFormatRoundTripsHeadersAndLeavesForeignRecordsWhole() {
		byte[] data = KinesisRecordFormat.encode(Headers.of(Map.of("tenant", "acme", FerryHeaders.MESSAGE_ID, "id-1")),
				"{\"a\":1}".getBytes(StandardCharsets.UTF_8));
		KinesisRecordFormat.Decoded decoded = KinesisRecordFormat.decode(data);
		assertThat(decoded.ferryFormat()).isTrue();
		assertThat(decoded.headers().get("tenant")).contains("acme");
		assertThat(new String(decoded.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");

		byte[] plain = "{\"clicked\":\"buy\"}".getBytes(StandardCharsets.UTF_8);
		KinesisRecordFormat.Decoded foreign = KinesisRecordFormat.decode(plain);
		assertThat(foreign.ferryFormat()).isFalse();
		assertThat(foreign.headers().isEmpty()).isTrue();
		assertThat(foreign.payload()).isEqualTo(plain);

		byte[] broken = java.util.Arrays.copyOf(data, 12);
		assertThat(KinesisRecordFormat.decode(broken).payload()).isEqualTo(broken);
	}

	@Test
	void concurrentSingleRecordPublishesShareRequestsButRecordsOfOneKeyNever() throws Exception {
		Destination stream = stream(2);
		KinesisTransport transport = transport(KinesisOptions.builder().publishBatchWindow(Duration.ofMillis(200)));
		List<EncodedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			messages.add(message("own-" + i, "key-" + i));
		}
		for (int i = 0; i < 4; i++) {
			messages.add(message("hot-" + i, "hot"));
		}

		List<SendResult> results = ConcurrentSends.send(transport, stream, messages);

		assertThat(results).allMatch(SendResult.Accepted.class::isInstance);
		assertThat(results).extracting(SendResult::messageId)
			.containsExactlyElementsOf(messages.stream().map(EncodedMessage::id).toList());
		// 34 calls: each "hot" record needs a request of its own key-wise, the rest fill them
		assertThat(this.faults.requests).hasSizeBetween(4, 12);
		assertThat(this.faults.requests).allSatisfy(request -> assertThat(
				request.stream().filter(payload -> payload.startsWith("hot-")).count()).isLessThanOrEqualTo(1));
		assertThat(readAll(stream)).hasSize(34);
	}

	@Test
	void aZeroWindowSendsEverySingleRecordCallAtOnce() throws Exception {
		Destination stream = stream(1);
		KinesisTransport transport = transport(KinesisOptions.builder().publishBatchWindow(Duration.ZERO));
		List<EncodedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			messages.add(message("alone-" + i, null));
		}

		assertThat(ConcurrentSends.send(transport, stream, messages)).allMatch(SendResult.Accepted.class::isInstance);
		assertThat(this.faults.requests).hasSize(12).allSatisfy(request -> assertThat(request).hasSize(1));
	}

	private static EncodedMessage message(String payload, @Nullable String key) {
		String id = UUID.randomUUID().toString();
		return new EncodedMessage(id, payload.getBytes(StandardCharsets.UTF_8), Headers.of(Map.of(FerryHeaders.MESSAGE_ID, id)),
				key, null, Duration.ZERO);
	}

	/** Payloads of every record in the stream, shard by shard, in sequence order; fillers left out. */
	private List<String> readAll(Destination stream) throws Exception {
		List<String> payloads = new ArrayList<>();
		KinesisAsyncClient reader = this.backend.sharedKinesis();
		for (Shard shard : reader.listShards(b -> b.streamName(stream.resource())).get().shards()) {
			String iterator = reader.getShardIterator(b -> b.streamName(stream.resource()).shardId(shard.shardId())
				.shardIteratorType(ShardIteratorType.TRIM_HORIZON)).get().shardIterator();
			while (iterator != null) {
				String current = iterator;
				GetRecordsResponse response = reader.getRecords(b -> b.shardIterator(current).limit(10_000)).get();
				for (Record record : response.records()) {
					if (!PutRecordsFaults.FILLER_KEY.equals(record.partitionKey())) {
						payloads.add(new String(KinesisRecordFormat.decode(record.data().asByteArray()).payload(),
								StandardCharsets.UTF_8));
					}
				}
				if (response.records().isEmpty()) {
					break;
				}
				iterator = response.nextShardIterator();
			}
		}
		return payloads;
	}

}
