package dev.ferry.transport.kafka;

import static dev.ferry.transport.kafka.KafkaTestSupport.bootstrap;
import static dev.ferry.transport.kafka.KafkaTestSupport.message;
import static dev.ferry.transport.kafka.KafkaTestSupport.messages;
import static dev.ferry.transport.kafka.KafkaTestSupport.options;
import static dev.ferry.transport.kafka.KafkaTestSupport.settings;
import static dev.ferry.transport.kafka.KafkaTestSupport.topicDestination;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.publish.PayloadTooLargeException;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Subscription;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kafka transport on an embedded KRaft broker, driven with a lambda processor. */
class KafkaTransportTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final KafkaTransport transport = new KafkaTransport(options(), null);

	private final List<Subscription> subscriptions = new ArrayList<>();

	@AfterEach
	void tearDown() {
		this.subscriptions.forEach(subscription -> subscription.stop(Duration.ofSeconds(5)));
		this.transport.close();
	}

	private Subscription listen(Destination destination, InboundProcessor processor) {
		Subscription subscription = this.transport.subscribe(destination, settings(destination.name()), processor);
		this.subscriptions.add(subscription);
		subscription.start();
		return subscription;
	}

	private static InboundProcessor each(Queue<InboundMessage> received, Function<InboundMessage, Outcome> decide) {
		return batch -> {
			List<Outcome> outcomes = new ArrayList<>();
			for (InboundMessage message : batch) {
				received.add(message);
				outcomes.add(decide.apply(message));
			}
			return outcomes;
		};
	}

	@Test
	void publishedRecordsArriveWithKeyHeadersIdAndPartitionAsOrderingGroup() throws Exception {
		Destination orders = topicDestination("roundtrip", 2);
		List<SendResult> results = this.transport.send(orders, List.of(message("m-1", "{}", "k1"))).get();
		assertThat(results).singleElement().isInstanceOfSatisfying(SendResult.Accepted.class,
				accepted -> assertThat(accepted.transportMessageId()).startsWith(orders.resource() + "-"));

		Queue<InboundMessage> received = new ConcurrentLinkedQueue<>();
		listen(orders, each(received, message -> Outcome.ack()));

		await().atMost(TIMEOUT).until(() -> received.size() == 1);
		InboundMessage message = received.peek();
		assertThat(message.id()).isEqualTo("m-1");
		assertThat(message.key()).isEqualTo("k1");
		assertThat(message.headers().get("tenant")).contains("acme");
		assertThat(message.attempt()).isEqualTo(1);
		assertThat(message.orderingGroup()).isEqualTo(orders.resource() + "-" + message.attributes().get("partition"));
		assertThat(message.transportMessageId()).isEqualTo(((SendResult.Accepted) results.get(0)).transportMessageId());
	}

	@Test
	void publishManyGivesOneResultPerEntryAndRejectsOversizeRecordsClearly() throws Exception {
		KafkaTransport small = new KafkaTransport(KafkaOptions.builder(bootstrap()).maxRequestSize(2_000).build(), null);
		try (small) {
			Destination orders = topicDestination("oversize", 1);
			String big = "x".repeat(3_000);
			List<SendResult> results = small
				.send(orders, List.of(message("a", "{}", "k"), message("b", big, "k"), message("c", "{}", "k")))
				.get();
			assertThat(results).extracting(SendResult::messageId).containsExactly("a", "b", "c");
			assertThat(results.get(0)).isInstanceOf(SendResult.Accepted.class);
			assertThat(results.get(2)).isInstanceOf(SendResult.Accepted.class);
			assertThat(results.get(1)).isInstanceOfSatisfying(SendResult.Rejected.class, rejected -> {
				assertThat(rejected.errorCode()).isEqualTo(PayloadTooLargeException.CODE);
				assertThat(rejected.retryable()).isFalse();
				assertThat(rejected.reason()).contains("max-request-size").contains("2000");
			});
			assertThat(small.maxMessageBytes(orders)).isEqualTo(2_000);
			assertThat(small.sizeOf(message("b", big, "k"))).isGreaterThan(3_000);
		}
	}

	@Test
	void retryBacksOffInPlaceAndRedeliversTheSameRecordWithTheNextAttempt() {
		Destination orders = topicDestination("retry", 1);
		this.transport.send(orders, messages("r", 2, "k")).join();
		Queue<InboundMessage> received = new ConcurrentLinkedQueue<>();
		List<Long> times = Collections.synchronizedList(new ArrayList<>());
		listen(orders, each(received, message -> {
			times.add(System.nanoTime());
			return message.id().equals("r-1") && message.attempt() == 1 ? Outcome.retry(Duration.ofMillis(500), null)
					: Outcome.ack();
		}));

		await().atMost(TIMEOUT).until(() -> received.stream().filter(m -> m.id().equals("r-2")).anyMatch(m -> m.attempt() == 2));
		List<String> order = received.stream().map(m -> m.id() + "#" + m.attempt()).toList();
		assertThat(order).containsSubsequence("r-1#1", "r-2#1", "r-1#2", "r-2#2");
		assertThat(Duration.ofNanos(times.get(2) - times.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(450));
	}

	@Test
	void batchPartialFailureCommitsEverythingBeforeTheFirstFailureAndRetriesTheRest() throws Exception {
		Destination orders = topicDestination("partial", 1);
		this.transport.send(orders, messages("p", 5, "k")).join();
		Queue<InboundMessage> received = new ConcurrentLinkedQueue<>();
		AtomicLong committedWhenRetried = new AtomicLong(-1);
		// p-3 fails on its first attempt in whatever poll brings it; what follows it in the batch is held
		// back with it. The test does not depend on how many records a poll returns.
		listen(orders, batch -> {
			received.addAll(batch);
			List<Outcome> outcomes = new ArrayList<>();
			boolean failed = false;
			for (InboundMessage message : batch) {
				if (message.id().equals("p-3") && message.attempt() == 2 && committedWhenRetried.get() < 0) {
					committedWhenRetried.set(committedQuietly(orders));
				}
				failed = failed || (message.id().equals("p-3") && message.attempt() == 1);
				outcomes.add(failed ? Outcome.retry(Duration.ZERO, null) : Outcome.ack());
			}
			return outcomes;
		});

		await().atMost(TIMEOUT).until(() -> committed(orders) == 5);
		// the intermediate commit: before p-3 ran again, the group's offset was p-3's (2), the first unfinished record
		assertThat(committedWhenRetried.get()).isEqualTo(2);
		List<String> ids = received.stream().map(m -> m.id() + "#" + m.attempt()).toList();
		assertThat(ids).filteredOn(id -> id.startsWith("p-1#") || id.startsWith("p-2#")).containsExactly("p-1#1", "p-2#1");
		assertThat(ids).containsSubsequence("p-3#1", "p-3#2");
		assertThat(ids.lastIndexOf("p-4#" + lastAttempt(ids, "p-4"))).isGreaterThan(ids.indexOf("p-3#2"));
		assertThat(ids.lastIndexOf("p-5#" + lastAttempt(ids, "p-5"))).isGreaterThan(ids.indexOf("p-3#2"));
	}

	private static int lastAttempt(List<String> ids, String id) {
		return ids.stream().filter(entry -> entry.startsWith(id + "#"))
			.mapToInt(entry -> Integer.parseInt(entry.substring(entry.indexOf('#') + 1)))
			.max()
			.orElseThrow();
	}

	private long committedQuietly(Destination destination) {
		try {
			return committed(destination);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void rejectGoesToTheDeadLetterTopicWithReasonAndOriginAndTheDltListenerSeesDeadLetterInfo() {
		Destination orders = topicDestination("poison", 2);
		this.transport.send(orders, List.of(message("bad", "{oops", "k"), message("good", "{}", "k"))).join();
		Queue<InboundMessage> received = new ConcurrentLinkedQueue<>();
		listen(orders, each(received, message -> message.id().equals("bad")
				? Outcome.reject(DeadLetterInfo.DESERIALIZATION, "payload could not be read",
						new IllegalArgumentException("not JSON"))
				: Outcome.ack()));
		Destination dlt = Destination.of(orders.name() + "-dlt", KafkaTransport.NAME, this.transport.deadLetterTopic(orders))
			.withDeadLetter(DeadLetterPolicy.disabled())
			.withProperties(Map.of("group-id", orders.name() + "-dlt-group"));
		Queue<InboundMessage> dead = new ConcurrentLinkedQueue<>();
		listen(dlt, each(dead, message -> Outcome.ack()));

		await().atMost(TIMEOUT).until(() -> dead.size() == 1);
		InboundMessage letter = dead.peek();
		assertThat(letter.id()).isEqualTo("bad");
		assertThat(new String(letter.body(), StandardCharsets.UTF_8)).isEqualTo("{oops");
		assertThat(letter.key()).isEqualTo("k");
		DeadLetterInfo info = letter.deadLetter();
		assertThat(info).isNotNull();
		assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.DESERIALIZATION);
		assertThat(info.reason()).isEqualTo("payload could not be read");
		assertThat(info.exceptionType()).isEqualTo(IllegalArgumentException.class.getName());
		assertThat(info.source()).isEqualTo(orders.resource());
		assertThat(info.attempts()).isEqualTo(1);
		assertThat(info.details()).containsKeys("partition", "offset", "timestamp");
		// spring-kafka's DLT headers are on the record too, and are not surfaced as plain headers.
		assertThat(letter.headers().names()).noneMatch(name -> name.startsWith("kafka_dlt-"));
		await().atMost(TIMEOUT).until(() -> committed(orders) == 2);
	}

	@Test
	void recordsDeadLetteredBySpringKafkaSurfaceTheirNativeHeadersAsDeadLetterInfo() throws Exception {
		Destination dlt = topicDestination("native-dlt", 1);
		RecordHeaders headers = new RecordHeaders();
		headers.add(new RecordHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC, "orders".getBytes(StandardCharsets.UTF_8)));
		headers.add(new RecordHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(3).array()));
		headers.add(new RecordHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(42L).array()));
		headers.add(new RecordHeader(KafkaHeaders.DLT_EXCEPTION_FQCN, "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8)));
		headers.add(new RecordHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "boom".getBytes(StandardCharsets.UTF_8)));
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", bootstrap()), new StringSerializer(), new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(dlt.resource(), null, "k", "{}".getBytes(StandardCharsets.UTF_8), headers)).get();
		}
		Queue<InboundMessage> received = new ConcurrentLinkedQueue<>();
		listen(dlt, each(received, message -> Outcome.ack()));

		await().atMost(TIMEOUT).until(() -> received.size() == 1);
		DeadLetterInfo info = received.peek().deadLetter();
		assertThat(info).isNotNull();
		assertThat(info.source()).isEqualTo("orders");
		assertThat(info.exceptionType()).isEqualTo("java.lang.IllegalStateException");
		assertThat(info.reason()).isEqualTo("boom");
		assertThat(info.originalMessageId()).isEqualTo("orders-3@42");
	}

	@Test
	void aRestartedConsumerResumesAtTheCommittedOffset() {
		Destination orders = topicDestination("restart", 1);
		this.transport.send(orders, messages("a", 3, "k")).join();
		Queue<InboundMessage> first = new ConcurrentLinkedQueue<>();
		Subscription subscription = listen(orders, each(first, message -> Outcome.ack()));
		await().atMost(TIMEOUT).until(() -> first.size() == 3 && committed(orders) == 3);
		subscription.stop(Duration.ofSeconds(5));
		assertThat(subscription.isRunning()).isFalse();

		this.transport.send(orders, messages("b", 2, "k")).join();
		Queue<InboundMessage> second = new ConcurrentLinkedQueue<>();
		listen(orders, each(second, message -> Outcome.ack()));
		await().atMost(TIMEOUT).until(() -> second.size() == 2);
		assertThat(second).extracting(InboundMessage::id).containsExactly("b-1", "b-2");
	}

	@Test
	void prepareRequiresTopicAndDltUnlessProvisioningCreatesThem() {
		String topic = KafkaTestSupport.uniqueTopic("provision");
		Destination orders = Destination.of(topic, KafkaTransport.NAME, topic);
		assertThatThrownBy(() -> this.transport.prepare(orders, false)).isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining(topic)
			.hasMessageContaining("ferry.provision=true");

		this.transport.prepare(orders, true);

		assertThat(this.transport.topics().describe(topic)).hasValueSatisfying(info -> {
			assertThat(info.partitions()).isEqualTo(3);
			assertThat(info.replicationFactor()).isEqualTo(1);
			assertThat(info.minInsyncReplicas()).isEqualTo(1);
		});
		assertThat(this.transport.topics().describe(topic + ".DLT")).isPresent();
		this.transport.prepare(orders, false);
	}

	private long committed(Destination destination) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin
				.listConsumerGroupOffsets(this.transport.groupId(destination, destination.name()))
				.partitionsToOffsetAndMetadata()
				.get();
			return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
		}
	}

}
