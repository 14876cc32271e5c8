package dev.ferry.test.contract.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.PublishReceipt;
import dev.ferry.transport.kinesis.KinesisOptions;
import dev.ferry.transport.kinesis.KinesisTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leases and shutdown on moto (Kinesis and the lease table): a handler running longer than the
 * failover time keeps its shard while a second worker of the same application waits for leases, so
 * nothing runs twice; a graceful stop lets the running handler finish and checkpoints it, so a
 * restart starts after it.
 */
class KinesisLeaseAndShutdownTests {

	private static final String SHARD = "shardId-000000000000";

	private final KinesisTestBackend backend = KinesisTestBackend.moto();

	private final List<Ferry> runtimes = new ArrayList<>();

	@AfterEach
	void close() {
		this.runtimes.forEach(Ferry::close);
	}

	@Test
	void aHandlerSlowerThanTheFailoverTimeKeepsItsShardAndNothingRunsTwice() throws Exception {
		String stream = "slow-" + UUID.randomUUID();
		this.backend.createStream(stream, 1);
		Destination orders = destination(stream);
		KinesisOptions options = KinesisContractFixture.fastOptions().build();
		Queue<String> handled = new ConcurrentLinkedQueue<>();
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Ferry first = runtime(orders, options, (payload, worker) -> {
			if (payload.equals("slow")) {
				entered.countDown();
				release.await(60, TimeUnit.SECONDS);
			}
			handled.add(worker + ":" + payload);
		}, "first");
		Ferry second = runtime(orders, options, (payload, worker) -> handled.add(worker + ":" + payload), "second");
		first.start();
		first.publisher().publish(OutboundMessage.to("orders").payload("slow").key("k").build());
		assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
		second.start();

		// Twice the failover time with the handler still running: the lease is renewed meanwhile.
		Instant blockedSince = Instant.now();
		await("two failover times").atMost(Duration.ofSeconds(20))
			.until(() -> Instant.now().isAfter(blockedSince.plus(options.failoverTime().multipliedBy(2))));
		release.countDown();
		for (int i = 0; i < 5; i++) {
			first.publisher().publish(OutboundMessage.to("orders").payload("next-" + i).key("k").build());
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 6);
		assertThat(handled).containsExactly("first:slow", "first:next-0", "first:next-1", "first:next-2",
				"first:next-3", "first:next-4");
		// Nothing more arrives: no second delivery of the slow record on either worker.
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 6);
	}

	@Test
	void aGracefulStopCheckpointsTheRecordWhoseHandlerItLetFinish() throws Exception {
		String stream = "stop-" + UUID.randomUUID();
		this.backend.createStream(stream, 1);
		Destination orders = destination(stream);
		KinesisOptions options = KinesisContractFixture.fastOptions().build();
		Queue<String> handled = new ConcurrentLinkedQueue<>();
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Ferry ferry = runtime(orders, options, (payload, worker) -> {
			if (payload.equals("last")) {
				entered.countDown();
				release.await(30, TimeUnit.SECONDS);
			}
			handled.add(payload);
		}, "worker");
		// Both in the stream before the start: one GetRecords batch, one round of the record processor.
		ferry.publisher().publish(OutboundMessage.to("orders").payload("first").key("k").build());
		PublishReceipt last = ferry.publisher().publish(OutboundMessage.to("orders").payload("last").key("k").build());
		ferry.start();
		assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
		// Nothing of this round is checkpointed yet: the round ends with the running handler.
		assertThat(this.backend.checkpoints(stream + "-orders")).containsEntry(SHARD, "TRIM_HORIZON");

		Thread stopper = new Thread(ferry::stop);
		stopper.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> stopper.getState() == Thread.State.TIMED_WAITING
				|| stopper.getState() == Thread.State.WAITING || !stopper.isAlive());
		release.countDown();
		stopper.join(30_000);
		assertThat(stopper.isAlive()).isFalse();

		assertThat(handled).containsExactly("first", "last");
		assertThat(this.backend.checkpoints(stream + "-orders")).containsEntry(SHARD, last.transportMessageId());
		ferry.publisher().publish(OutboundMessage.to("orders").payload("after").key("k").build());
		ferry.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 3);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 3);
		assertThat(handled).containsExactly("first", "last", "after");
	}

	private static Destination destination(String stream) {
		return Destination.of("orders", KinesisTransport.NAME, stream)
			.withDeadLetter(DeadLetterPolicy.disabled())
			.withProperties(Map.of("application-name", stream));
	}

	private Ferry runtime(Destination orders, KinesisOptions options, Handler handler, String worker) {
		Ferry ferry = Ferry.builder()
			.transport(new KinesisTransport(this.backend.sharedKinesis(), this.backend.dynamo(), options))
			.destination(orders)
			.hardeningMode(HardeningMode.OFF)
			.shutdownTimeout(Duration.ofSeconds(20))
			.build();
		ferry.listen(ListenerDefinition.builder("orders", "orders", String.class,
				(payload, context) -> handler.handle(payload, worker)).build());
		this.runtimes.add(ferry);
		return ferry;
	}

	@FunctionalInterface
	interface Handler {

		void handle(String payload, String worker) throws Exception;

	}

}
