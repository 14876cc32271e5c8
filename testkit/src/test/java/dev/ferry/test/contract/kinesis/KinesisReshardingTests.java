package dev.ferry.test.contract.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.transport.kinesis.KinesisTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Resharding while a listener consumes, on kinesis-local (Kinesis) and moto (the KCL's lease
 * table): a split, then a merge of the two children. The first record of each old generation is
 * held in its handler until the new generation already has records, so that the new shards could
 * run early if nothing kept them back. Every record of a parent is handled before any record of
 * its children (the KCL starts a child only when its parents' ends are checkpointed, and Ferry
 * checkpoints an end only when every record before it is finished), per-key order holds across
 * generations, nothing is lost or handled twice, and the checkpoints move on: the closed shards
 * are at {@code SHARD_END}, the open one at its last record.
 *
 * <p>Not on moto: its {@code SplitShard} moves the parent's records away, keeps writing to the
 * closed parent and never ends it (see {@link KinesisLocal}).
 */
class KinesisReshardingTests {

	private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");

	private static final String PARENT = "shardId-000000000000";

	private final KinesisTestBackend backend = KinesisTestBackend.kinesisLocal();

	private final List<Ferry> runtimes = new ArrayList<>();

	@AfterEach
	void close() {
		this.runtimes.forEach(Ferry::close);
	}

	@Test
	void parentsAreFinishedBeforeTheirChildrenAcrossASplitAndAMergeWithNothingLost() throws Exception {
		String stream = "reshard-" + UUID.randomUUID();
		KinesisAsyncClient kinesis = this.backend.sharedKinesis();
		this.backend.createStream(stream, 1);
		Destination clicks = Destination.of("clicks", KinesisTransport.NAME, stream)
			.withDeadLetter(DeadLetterPolicy.disabled())
			.withProperties(Map.of("application-name", stream));
		Ferry ferry = Ferry.builder()
			.transport(new KinesisTransport(kinesis, this.backend.dynamo(), KinesisContractFixture.fastOptions().build()))
			.destination(clicks)
			.hardeningMode(HardeningMode.OFF)
			.build();
		this.runtimes.add(ferry);
		List<Handled> handled = new CopyOnWriteArrayList<>();
		CountDownLatch childrenWritten = new CountDownLatch(1);
		CountDownLatch grandchildWritten = new CountDownLatch(1);
		AtomicBoolean parentHeld = new AtomicBoolean();
		AtomicBoolean childHeld = new AtomicBoolean();
		ferry.listen(ListenerDefinition.builder("clicks", "clicks", String.class, (payload, context) -> {
			// Hold the first record of each old generation until the next generation has records.
			if (payload.equals("split:k0:0")) {
				parentHeld.set(true);
				childrenWritten.await(30, TimeUnit.SECONDS);
			}
			if (payload.equals("merge:k0:0")) {
				childHeld.set(true);
				grandchildWritten.await(30, TimeUnit.SECONDS);
			}
			handled.add(new Handled(payload, context.transportAttributes().get("shardId")));
		}).build());
		ferry.start();

		List<String> beforeSplit = publish(ferry, "split", 3);
		await().atMost(Duration.ofSeconds(30)).untilTrue(parentHeld);
		split(kinesis, stream);
		List<String> afterSplit = publish(ferry, "merge", 3);
		assertThat(openShards(kinesis, stream)).containsExactly("shardId-000000000001", "shardId-000000000002");
		childrenWritten.countDown();
		await().atMost(Duration.ofSeconds(40)).untilTrue(childHeld);
		merge(kinesis, stream);
		List<String> afterMerge = publish(ferry, "after", 3);
		assertThat(openShards(kinesis, stream)).containsExactly("shardId-000000000003");
		grandchildWritten.countDown();

		int total = beforeSplit.size() + afterSplit.size() + afterMerge.size();
		await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= total);
		List<String> payloads = handled.stream().map(Handled::payload).toList();
		assertThat(payloads).hasSize(total).doesNotHaveDuplicates();
		assertThat(payloads).containsExactlyInAnyOrderElementsOf(concat(beforeSplit, afterSplit, afterMerge));
		// Generations in order: the parent's records, then both children's, then the merged shard's.
		assertThat(shardsOf(handled, beforeSplit)).containsOnly(PARENT);
		assertThat(shardsOf(handled, afterSplit)).containsOnly("shardId-000000000001", "shardId-000000000002")
			.hasSize(2);
		assertThat(shardsOf(handled, afterMerge)).containsOnly("shardId-000000000003");
		assertThat(lastIndex(payloads, beforeSplit)).isLessThan(firstIndex(payloads, afterSplit));
		assertThat(lastIndex(payloads, afterSplit)).isLessThan(firstIndex(payloads, afterMerge));
		// Per key, records are handled in the order they were published, across all three generations.
		Map<String, List<String>> published = byKey(concat(beforeSplit, afterSplit, afterMerge));
		assertThat(byKey(payloads)).isEqualTo(published);

		String leaseTable = stream + "-clicks";
		await("checkpoints").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<String, String> checkpoints = this.backend.checkpoints(leaseTable);
			assertThat(checkpoints).containsEntry(PARENT, "SHARD_END")
				.containsEntry("shardId-000000000001", "SHARD_END")
				.containsEntry("shardId-000000000002", "SHARD_END");
			assertThat(checkpoints.get("shardId-000000000003")).isEqualTo(lastSequenceNumber(kinesis, stream,
					"shardId-000000000003"));
		});
	}

	/** Publishes {@code perKey} records for every key, "phase:key:n", keyed by key. */
	private static List<String> publish(Ferry ferry, String phase, int perKey) {
		List<String> payloads = new ArrayList<>();
		List<OutboundMessage> messages = new ArrayList<>();
		for (int n = 0; n < perKey; n++) {
			for (String key : KEYS) {
				String payload = phase + ":" + key + ":" + n;
				payloads.add(payload);
				messages.add(OutboundMessage.to("clicks").payload(payload).key(key).build());
			}
		}
		ferry.publisher().publishAll(messages).throwIfAnyFailed();
		return payloads;
	}

	private void split(KinesisAsyncClient kinesis, String stream) {
		kinesis.splitShard(builder -> builder.streamName(stream)
			.shardToSplit(PARENT)
			.newStartingHashKey(BigInteger.TWO.pow(127).toString())).join();
		awaitActive(kinesis, stream);
	}

	private void merge(KinesisAsyncClient kinesis, String stream) {
		kinesis.mergeShards(builder -> builder.streamName(stream)
			.shardToMerge("shardId-000000000001")
			.adjacentShardToMerge("shardId-000000000002")).join();
		awaitActive(kinesis, stream);
	}

	private static void awaitActive(KinesisAsyncClient kinesis, String stream) {
		await("stream " + stream + " ACTIVE").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> kinesis.describeStreamSummary(builder -> builder.streamName(stream))
				.join()
				.streamDescriptionSummary()
				.streamStatus() == StreamStatus.ACTIVE);
	}

	private static List<String> openShards(KinesisAsyncClient kinesis, String stream) {
		return kinesis.listShards(builder -> builder.streamName(stream))
			.join()
			.shards()
			.stream()
			.filter(shard -> shard.sequenceNumberRange().endingSequenceNumber() == null)
			.map(shard -> shard.shardId())
			.sorted()
			.toList();
	}

	private static String lastSequenceNumber(KinesisAsyncClient kinesis, String stream, String shardId) {
		String iterator = kinesis.getShardIterator(builder -> builder.streamName(stream)
			.shardId(shardId)
			.shardIteratorType("TRIM_HORIZON")).join().shardIterator();
		var records = kinesis.getRecords(builder -> builder.shardIterator(iterator)).join().records();
		return records.get(records.size() - 1).sequenceNumber();
	}

	private static List<String> shardsOf(List<Handled> handled, List<String> payloads) {
		return handled.stream().filter(h -> payloads.contains(h.payload())).map(Handled::shardId).distinct().toList();
	}

	private static int firstIndex(List<String> handled, List<String> payloads) {
		for (int i = 0; i < handled.size(); i++) {
			if (payloads.contains(handled.get(i))) {
				return i;
			}
		}
		return -1;
	}

	private static int lastIndex(List<String> handled, List<String> payloads) {
		for (int i = handled.size() - 1; i >= 0; i--) {
			if (payloads.contains(handled.get(i))) {
				return i;
			}
		}
		return -1;
	}

	private static Map<String, List<String>> byKey(List<String> payloads) {
		Map<String, List<String>> byKey = new LinkedHashMap<>();
		for (String payload : payloads) {
			byKey.computeIfAbsent(payload.split(":")[1], key -> new ArrayList<>()).add(payload);
		}
		return byKey;
	}

	@SafeVarargs
	private static List<String> concat(List<String>... lists) {
		List<String> all = new ArrayList<>();
		for (List<String> list : lists) {
			all.addAll(list);
		}
		return all;
	}

	/** One handled record and the shard it came from. */
	record Handled(String payload, String shardId) {
	}

}
