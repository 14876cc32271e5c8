package dev.ferry.transport.kafka;

import static dev.ferry.transport.kafka.KafkaTestSupport.bootstrap;
import static dev.ferry.transport.kafka.KafkaTestSupport.message;
import static dev.ferry.transport.kafka.KafkaTestSupport.topicDestination;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.ReceiveSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults a Kafka listener meets in service, on the embedded broker: a record that crashes the
 * process on every delivery, a handler slower than {@code max.poll.interval.ms}, and several
 * listeners of one topic.
 */
class KafkaListenerFaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** Released at the end: handler calls that stand for a crashed process stay blocked until then. */
	private final CountDownLatch crashed = new CountDownLatch(1);

	private final List<AutoCloseable> toClose = new ArrayList<>();

	@AfterEach
	void tearDown() throws Exception {
		this.crashed.countDown();
		for (AutoCloseable closeable : this.toClose) {
			closeable.close();
		}
	}

	@Test
	void aRecordThatCrashesTheProcessEveryTimeIsDeadLetteredAfterMaxAttemptsAcrossRestarts() throws Exception {
		Destination orders = topicDestination("crash", 1).withRetry(RetryPolicy.defaults().withMaxAttempts(3));
		send(orders, message("ok-1", "ok-1", "k"), message("poison", "poison", "k"),
				message("ok-2", "ok-2", "k"));
		AtomicInteger poisonRuns = new AtomicInteger();
		Queue<String> handled = new ConcurrentLinkedQueue<>();

		for (int run = 1; run <= 3; run++) {
			Ferry ferry = start(orders, poisonRuns, handled);
			int expected = run;
			await("handler run " + run + " on the poison record").atMost(TIMEOUT).until(() -> poisonRuns.get() == expected);
			// The process "crashes": it stops without an outcome for the record; nothing is committed for it.
			ferry.close();
		}
		Ferry restarted = start(orders, poisonRuns, handled);
		this.toClose.add(restarted);

		List<ConsumerRecord<String, byte[]>> dead = await().atMost(TIMEOUT)
			.until(() -> readAll(orders.resource() + ".DLT", 1), records -> !records.isEmpty());
		await().atMost(TIMEOUT).until(() -> handled.contains("ok-2"));
		assertThat(poisonRuns).as("the handler ran at most retry.max-attempts times").hasValue(3);
		DeadLetterInfo info = DeadLetterCodec.decode(header(dead.get(0), FerryHeaders.DEAD_LETTER));
		assertThat(info).isNotNull();
		assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.RETRIES_EXHAUSTED);
		assertThat(info.reason()).contains("without an outcome").contains("retry.max-attempts is 3");
		assertThat(header(dead.get(0), FerryHeaders.MESSAGE_ID)).isEqualTo("poison");
		assertThat(handled).as("the records around it are handled (ok-1 again after the first crash)")
			.contains("ok-1", "ok-2")
			.doesNotContain("poison");
	}

	@Test
	void aHandlerSlowerThanMaxPollIntervalKeepsItsPartitionsAndRunsOnce() throws Exception {
		KafkaTransport transport = new KafkaTransport(KafkaOptions.builder(bootstrap())
			.operationTimeout(Duration.ofSeconds(10))
			.clientProperty("max.poll.interval.ms", 2_000)
			.build(), null);
		this.toClose.add(transport);
		Destination orders = topicDestination("slow", 2);
		send(orders, message("s-1", "{}", "a"), message("s-2", "{}", "b"), message("s-3", "{}", "a"));
		Queue<String> seen = new ConcurrentLinkedQueue<>();
		KafkaReceiver receiver = (KafkaReceiver) transport.subscribe(orders,
				new ReceiveSettings("slow", 1, false, 50, Duration.ofSeconds(30), Duration.ofMillis(200)), batch -> {
					List<Outcome> outcomes = new ArrayList<>();
					for (InboundMessage message : batch) {
						seen.add(message.id());
						outcomes.add(Outcome.ack());
					}
					sleep(Duration.ofMillis(4_000)); // twice max.poll.interval.ms
					return outcomes;
				});
		receiver.start();
		this.toClose.add(() -> receiver.stop(Duration.ofSeconds(10)));

		await().atMost(TIMEOUT).until(() -> committed(receiver.groupId()) == 3);

		assertThat(receiver.revocations()).as("no rebalance took the partitions away").isZero();
		assertThat(seen).as("each record handled once").containsExactlyInAnyOrder("s-1", "s-2", "s-3");
	}

	@Test
	void everyListenerIdOfOneTopicReceivesEveryRecordInItsOwnConsumerGroup() throws Exception {
		KafkaTransport transport = new KafkaTransport(KafkaTestSupport.options(), null);
		Destination orders = topicDestination("fanout", 3);
		Ferry ferry = Ferry.builder().transport(transport).destination(orders).pollTimeout(Duration.ofMillis(200)).build();
		this.toClose.add(ferry);
		Queue<String> shipping = new ConcurrentLinkedQueue<>();
		Queue<String> billing = new ConcurrentLinkedQueue<>();
		ferry.listen(ListenerDefinition.builder("shipping", orders.name(), String.class, (order, context) -> {
			shipping.add(order);
		}).build());
		ferry.listen(ListenerDefinition.builder("billing", orders.name(), String.class, (order, context) -> {
			billing.add(order);
		}).build());
		ferry.start();

		for (int i = 1; i <= 40; i++) {
			ferry.publisher().publish(dev.ferry.core.message.OutboundMessage.to(orders.name())
				.payload("order-" + i)
				.key("customer-" + (i % 7))
				.build());
		}

		await().atMost(TIMEOUT).until(() -> shipping.size() >= 40 && billing.size() >= 40);
		assertThat(shipping).hasSize(40).doesNotHaveDuplicates();
		assertThat(billing).hasSize(40).doesNotHaveDuplicates();
		assertThat(transport.groupId(orders, "shipping")).isEqualTo(orders.resource() + "-group.shipping");
		assertThat(transport.groupId(orders.withProperties(Map.of("consumer-group", "legacy")), "billing"))
			.isEqualTo("legacy");
	}

	private Ferry start(Destination orders, AtomicInteger poisonRuns, Queue<String> handled) {
		KafkaTransport transport = new KafkaTransport(KafkaTestSupport.options(), null);
		Ferry ferry = Ferry.builder()
			.transport(transport)
			.destination(orders)
			.pollTimeout(Duration.ofMillis(200))
			.shutdownTimeout(Duration.ofMillis(500))
			.build();
		ferry.listen(ListenerDefinition.builder("crashy", orders.name(), String.class, (order, context) -> {
			if (order.equals("poison")) {
				poisonRuns.incrementAndGet();
				awaitUninterruptibly(this.crashed);
				throw new IllegalStateException("the process is gone");
			}
			handled.add(order);
		}).idempotent(false).build());
		ferry.start();
		return ferry;
	}

	private static void send(Destination destination, EncodedMessage... messages) throws Exception {
		try (KafkaTransport transport = new KafkaTransport(KafkaTestSupport.options(), null)) {
			transport.send(destination, List.of(messages)).get();
		}
	}

	private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int partitions) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap()),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> assignment = new ArrayList<>();
			for (int i = 0; i < partitions; i++) {
				assignment.add(new TopicPartition(topic, i));
			}
			consumer.assign(assignment);
			consumer.seekToBeginning(assignment);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			consumer.poll(Duration.ofMillis(500)).forEach(records::add);
			return records;
		}
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}

	private static long committed(String groupId) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
				.partitionsToOffsetAndMetadata()
				.get();
			return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		boolean interrupted = false;
		while (latch.getCount() > 0) {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
