package dev.ferry.test.contract.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Dead letters of a Kinesis destination going to an SQS queue through the SQS transport (both on
 * moto), read back with Lambda-like on-failure metadata; and records written by other producers
 * (plain JSON) consumed whole.
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
		Destination deadLetters = Destination.of("orders-dead-letters", SqsTransport.NAME, queue)
			.withDeadLetter(DeadLetterPolicy.disabled());
		SqsTransport sqsTransport = new SqsTransport(this.sqs);
		KinesisTransport kinesis = new KinesisTransport(this.backend.sharedKinesis(), this.backend.dynamo(), null,
				KinesisContractFixture.fastOptions().build(), name -> SqsTransport.NAME.equals(name) ? sqsTransport : null);
		Queue<String> handled = new ConcurrentLinkedQueue<>();
		Queue<MessageContext> dead = new ConcurrentLinkedQueue<>();
		Queue<String> deadPayloads = new ConcurrentLinkedQueue<>();
		Ferry ferry = Ferry.builder()
			.transport(kinesis)
			.transport(sqsTransport)
			.destination(orders)
			.destination(deadLetters)
			.hardeningMode(HardeningMode.OFF)
			.pollTimeout(Duration.ofSeconds(1))
			.build();
		this.runtimes.add(ferry);
		ferry.listen(ListenerDefinition.builder("orders", "orders", String.class, (payload, context) -> {
			if (payload.equals("bad")) {
				throw new IllegalStateException("cannot ship " + payload);
			}
			handled.add(payload);
		}).build());
		ferry.listen(ListenerDefinition.builder("dead", "orders-dead-letters", String.class, (payload, context) -> {
			dead.add(context);
			deadPayloads.add(payload);
		}).build());
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
		String stream = "foreign-" + UUID.randomUUID();
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
		Queue<Click> received = new ConcurrentLinkedQueue<>();
		Queue<MessageContext> contexts = new ConcurrentLinkedQueue<>();
		ferry.listen(ListenerDefinition.builder("clicks", "clicks", Click.class, (payload, context) -> {
			received.add(payload);
			contexts.add(context);
		}).build());
		ferry.start();

		this.backend.sharedKinesis().putRecord(builder -> builder.streamName(stream).partitionKey("user-7")
			.data(SdkBytes.fromUtf8String("{\"user\":\"user-7\",\"page\":\"/checkout\"}"))).join();

		await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 1);
		assertThat(received.peek()).isEqualTo(new Click("user-7", "/checkout"));
		assertThat(contexts.peek().key()).isEqualTo("user-7");
		assertThat(contexts.peek().messageId()).startsWith("shardId-000000000000@");
	}

	/** A click as another producer writes it. */
	record Click(String user, String page) {
	}

}
