package dev.ferry.test.contract.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.PublishReceipt;
import dev.ferry.transport.kinesis.KinesisTransport;
import dev.ferry.transport.sqs.SqsTransport;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.kinesis.retrieval.kpl.Messages;

/**
 * Dead letters of a Kinesis destination going to an SQS queue through the SQS transport (both on
 * moto), read back with Lambda-like on-failure metadata, for exhausted retries and for records past
 * {@code max-record-age}; and records written by other producers (plain JSON, KPL-aggregated
 * records) consumed whole.
 */
class KinesisDeadLetterAndForeignRecordTests {

	private final KinesisTestBackend backend = KinesisTestBackend.moto();

	private final SqsAsyncClient sqs = SqsAsyncClient.builder()
		.endpointOverride(this.backend.endpoint())
		.region(this.backend.region())
		.credentialsProvider(this.backend.credentials())
		.build();

	private final List<Ferry> runtimes = new ArrayList<>();

	@AfterEach
	void close() {
		this.runtimes.forEach(Ferry::close);
		this.sqs.close();
	}

	@Test
	void exhaustedRecordGoesToTheSqsDeadLetterQueueWithItsShardPositionAndTheShardMovesOn() {
		String stream = "dlq-" + UUID.randomUUID();
		String queue = "kinesis-dead-letters-" + UUID.randomUUID();
		this.backend.createStream(stream, 1);
		this.sqs.createQueue(builder -> builder.queueName(queue)).join();
		Destination orders = Destination.of("orders", KinesisTransport.NAME, stream)
			.withRetry(new RetryPolicy(2, Duration.ofMillis(100), 2.0, Duration.ofMillis(400), 0))
			.withDeadLetter(DeadLetterPolicy.to(queue))
			.withProperties(Map.of("dead-letter-transport", SqsTransport.NAME, "application-name", stream));
		OrdersRig rig = ordersWithSqsDeadLetters(orders, queue);
		Ferry ferry = rig.ferry();
		Queue<String> handled = rig.handled();
		Queue<MessageContext> dead = rig.dead();
		Queue<String> deadPayloads = rig.deadPayloads();
		ferry.start();

		PublishReceipt bad = ferry.publisher().publish(OutboundMessage.to("orders").payload("bad").key("customer-1").build());
		ferry.publisher().publish(OutboundMessage.to("orders").payload("good").key("customer-1").build());

		await().atMost(Duration.ofSeconds(60)).until(() -> dead.size() == 1 && handled.size() == 1);
		assertThat(handled).containsExactly("good");
		assertThat(deadPayloads).containsExactly("bad");
		MessageContext context = dead.peek();
		assertThat(context.messageId()).isEqualTo(bad.messageId());
		DeadLetterInfo info = context.deadLetterInfo().orElseThrow();
		assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.RETRIES_EXHAUSTED);
		assertThat(info.attempts()).isEqualTo(2);
		assertThat(info.exceptionMessage()).isEqualTo("cannot ship bad");
		assertThat(info.source()).startsWith("arn:aws:kinesis:").endsWith("stream/" + stream);
		assertThat(info.detail("streamArn")).isEqualTo(info.source());
		assertThat(info.detail("shardId")).isEqualTo("shardId-000000000000");
		assertThat(info.detail("sequenceNumber")).isEqualTo(bad.transportMessageId());
		assertThat(info.detail("partitionKey")).isEqualTo("customer-1");
		assertThat(info.detail("condition")).isEqualTo("RetriesExhausted");
		assertThat(info.detail("approximateArrivalTimestamp")).isNotBlank();
	}

	@Test
	void plainJsonRecordsOfOtherProducersAreConsumedWholeAsThePayload() {
		ClicksListener listener = startClicksListener("foreign");
		String stream = listener.stream();
		Queue<Click> received = listener.received();
		Queue<MessageContext> contexts = listener.contexts();

		this.backend.sharedKinesis().putRecord(builder -> builder.streamName(stream).partitionKey("user-7")
			.data(SdkBytes.fromUtf8String("{\"user\":\"user-7\",\"page\":\"/checkout\"}"))).join();

		await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 1);
		assertThat(received.peek()).isEqualTo(new Click("user-7", "/checkout"));
		assertThat(contexts.peek().key()).isEqualTo("user-7");
		assertThat(contexts.peek().messageId()).startsWith("shardId-000000000000@");
	}

	@Test
	void recordsOlderThanMaxRecordAgeAreDeadLetteredUnhandledWithTheReason() {
		String stream = "aged-" + UUID.randomUUID();
		String queue = "kinesis-aged-" + UUID.randomUUID();
		this.backend.createStream(stream, 1);
		this.sqs.createQueue(builder -> builder.queueName(queue)).join();
		Destination orders = Destination.of("orders", KinesisTransport.NAME, stream)
			.withDeadLetter(DeadLetterPolicy.to(queue))
			.withProperties(Map.of("dead-letter-transport", SqsTransport.NAME, "application-name", stream,
					"max-record-age", "PT6S"));
		OrdersRig rig = ordersWithSqsDeadLetters(orders, queue);
		Ferry ferry = rig.ferry();
		Queue<String> handled = rig.handled();
		Queue<MessageContext> dead = rig.dead();
		PublishReceipt stale = ferry.publisher().publish(OutboundMessage.to("orders").payload("stale").key("k").build());
		Instant published = Instant.now();
		// The record ages past max-record-age before any listener runs.
		await("record older than max-record-age").atMost(Duration.ofSeconds(10))
			.until(() -> Instant.now().isAfter(published.plusSeconds(7)));
		ferry.start();
		// Only once the consumer runs (it has dead-lettered the stale record) is a fresh one published: a
		// first start of the KCL can take longer than max-record-age on a loaded machine.
		await().atMost(Duration.ofSeconds(60)).until(() -> dead.size() == 1);
		ferry.publisher().publish(OutboundMessage.to("orders").payload("fresh").key("k").build());

		await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 1);
		assertThat(handled).containsExactly("fresh");
		assertThat(dead).hasSize(1);
		MessageContext context = dead.peek();
		assertThat(context.messageId()).isEqualTo(stale.messageId());
		DeadLetterInfo info = context.deadLetterInfo().orElseThrow();
		assertThat(info.errorCode()).isEqualTo("MAX_RECORD_AGE");
		assertThat(info.reason()).contains("max-record-age").contains("PT6S");
		assertThat(info.attempts()).isEqualTo(1);
		assertThat(info.detail("condition")).isEqualTo("RecordAgeExceeded");
		assertThat(info.detail("sequenceNumber")).isEqualTo(stale.transportMessageId());
		assertThat(Instant.parse(info.detail("approximateArrivalTimestamp"))).isBefore(published.plusSeconds(1));
	}

	/**
	 * A record aggregated by the Kinesis Producer Library (KPL): magic {@code F3 89 9A C2}, a
	 * protobuf {@code AggregatedRecord}, the MD5 of the protobuf bytes. The protobuf is built with the
	 * message classes the KCL ships for the KPL's {@code messages.proto}; the framing by hand, as the
	 * KPL's aggregation format documents it. The KCL de-aggregates it before Ferry sees it: each user
	 * record is one message, the whole user record its payload, its own partition key its key, and the
	 * checkpoint ends at the last sub-record.
	 */
	@Test
	void kplAggregatedRecordsAreDeAggregatedIntoOneMessagePerUserRecord() throws Exception {
		ClicksListener listener = startClicksListener("kpl");
		String stream = listener.stream();
		Queue<Click> received = listener.received();
		Queue<MessageContext> contexts = listener.contexts();

		List<Click> clicksPut = List.of(new Click("user-1", "/home"), new Click("user-2", "/cart"),
				new Click("user-1", "/checkout"));
		Messages.AggregatedRecord.Builder aggregate = Messages.AggregatedRecord.newBuilder()
			.addPartitionKeyTable("user-1")
			.addPartitionKeyTable("user-2");
		for (Click click : clicksPut) {
			aggregate.addRecords(Messages.Record.newBuilder()
				.setPartitionKeyIndex(click.user().equals("user-1") ? 0 : 1)
				.setData(ByteString.copyFromUtf8("{\"user\":\"" + click.user() + "\",\"page\":\"" + click.page() + "\"}")));
		}
		byte[] protobuf = aggregate.build().toByteArray();
		ByteArrayOutputStream record = new ByteArrayOutputStream();
		record.write(new byte[] { (byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2 });
		record.write(protobuf);
		record.write(MessageDigest.getInstance("MD5").digest(protobuf));
		String sequenceNumber = this.backend.sharedKinesis()
			.putRecord(builder -> builder.streamName(stream).partitionKey("user-1")
				.data(SdkBytes.fromByteArray(record.toByteArray())))
			.join()
			.sequenceNumber();

		await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 3);
		assertThat(received).containsExactlyElementsOf(clicksPut);
		assertThat(contexts).extracting(MessageContext::key).containsExactly("user-1", "user-2", "user-1");
		assertThat(contexts).extracting(MessageContext::messageId)
			.containsExactly("shardId-000000000000@" + sequenceNumber + "/0", "shardId-000000000000@" + sequenceNumber + "/1",
					"shardId-000000000000@" + sequenceNumber + "/2");
		await("checkpoint at the last user record").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.backend.checkpoints(stream + "-clicks"))
				.containsEntry("shardId-000000000000", sequenceNumber + "/2"));
	}

	/**
	 * Ferry with {@code orders} (a Kinesis destination dead-lettering to the SQS {@code queue}) and
	 * {@code orders-dead-letters} listened to, not started: the orders handler fails on "bad".
	 */
	private OrdersRig ordersWithSqsDeadLetters(Destination orders, String queue) {
		Destination deadLetters = Destination.of("orders-dead-letters", SqsTransport.NAME, queue)
			.withDeadLetter(DeadLetterPolicy.disabled());
		SqsTransport sqsTransport = new SqsTransport(this.sqs);
		KinesisTransport kinesis = new KinesisTransport(this.backend.sharedKinesis(), this.backend.dynamo(), null,
				KinesisContractFixture.fastOptions().build(), name -> SqsTransport.NAME.equals(name) ? sqsTransport : null);
		Ferry ferry = Ferry.builder()
			.transport(kinesis)
			.transport(sqsTransport)
			.destination(orders)
			.destination(deadLetters)
			.hardeningMode(HardeningMode.OFF)
			.pollTimeout(Duration.ofSeconds(1))
			.build();
		this.runtimes.add(ferry);
		OrdersRig rig = new OrdersRig(ferry, new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>(),
				new ConcurrentLinkedQueue<>());
		ferry.listen(ListenerDefinition.builder("orders", "orders", String.class, (payload, context) -> {
			if (payload.equals("bad")) {
				throw new IllegalStateException("cannot ship " + payload);
			}
			rig.handled().add(payload);
		}).build());
		ferry.listen(ListenerDefinition.builder("dead", "orders-dead-letters", String.class, (payload, context) -> {
			rig.dead().add(context);
			rig.deadPayloads().add(payload);
		}).build());
		return rig;
	}

	private record OrdersRig(Ferry ferry, Queue<String> handled, Queue<MessageContext> dead,
			Queue<String> deadPayloads) {
	}

	/** A listener of {@link Click}s on a fresh one-shard stream, started. */
	private ClicksListener startClicksListener(String prefix) {
		String stream = prefix + "-" + UUID.randomUUID();
		this.backend.createStream(stream, 1);
		Destination clicks = Destination.of("clicks", KinesisTransport.NAME, stream)
			.withDeadLetter(DeadLetterPolicy.disabled())
			.withProperties(Map.of("application-name", stream));
		Ferry ferry = Ferry.builder()
			.transport(new KinesisTransport(this.backend.sharedKinesis(), this.backend.dynamo(),
					KinesisContractFixture.fastOptions().build()))
			.destination(clicks)
			.hardeningMode(HardeningMode.OFF)
			.build();
		this.runtimes.add(ferry);
		ClicksListener listener = new ClicksListener(stream, new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
		ferry.listen(ListenerDefinition.builder("clicks", "clicks", Click.class, (payload, context) -> {
			listener.received().add(payload);
			listener.contexts().add(context);
		}).build());
		ferry.start();
		return listener;
	}

	private record ClicksListener(String stream, Queue<Click> received, Queue<MessageContext> contexts) {
	}

	/** A click as another producer writes it. */
	record Click(String user, String page) {
	}

}
