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
import dev.ferry.core.destination.SubscriptionSettings;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.PublishReceipt;
import dev.ferry.transport.kinesis.KinesisTransport;
import dev.ferry.transport.sns.SnsOptions;
import dev.ferry.transport.sns.SnsSubscriptionSettings;
import dev.ferry.transport.sns.SnsTransport;
import dev.ferry.transport.sqs.SqsTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Dead letters of a Kinesis destination going to an SNS topic ({@code dead-letter-transport: sns})
 * through the SNS transport, all on moto: a record whose handler fails every attempt is published to
 * the topic once (counted on the wire), reaches the SQS queue subscribed to it (raw delivery and the
 * SNS envelope) with its payload and Lambda-like on-failure metadata, and the shard moves on.
 */
class KinesisSnsDeadLetterTests {

	private final KinesisTestBackend backend = KinesisTestBackend.moto();

	/** Topic ARNs of the SNS Publish and PublishBatch entries that went on the wire. */
	private final Queue<String> published = new ConcurrentLinkedQueue<>();

	private final SnsAsyncClient sns = SnsAsyncClient.builder()
		.endpointOverride(this.backend.endpoint())
		.region(this.backend.region())
		.credentialsProvider(this.backend.credentials())
		.overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {

			@Override
			public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
				SdkRequest request = context.request();
				if (request instanceof PublishBatchRequest batch) {
					batch.publishBatchRequestEntries().forEach(entry -> KinesisSnsDeadLetterTests.this.published.add(batch.topicArn()));
				}
				else if (request instanceof PublishRequest publish) {
					KinesisSnsDeadLetterTests.this.published.add(publish.topicArn());
				}
			}

		}))
		.build();

	private final SqsAsyncClient sqs = SqsAsyncClient.builder()
		.endpointOverride(this.backend.endpoint())
		.region(this.backend.region())
		.credentialsProvider(this.backend.credentials())
		.build();

	private final List<Ferry> runtimes = new ArrayList<>();

	@AfterEach
	void close() {
		this.runtimes.forEach(Ferry::close);
		this.sns.close();
		this.sqs.close();
	}

	@ParameterizedTest(name = "raw-delivery {0}")
	@ValueSource(booleans = { true, false })
	void exhaustedRecordIsPublishedToTheSnsTopicWithItsShardPositionAndTheShardMovesOn(boolean rawDelivery) {
		String stream = "sns-dlq-" + UUID.randomUUID();
		String topic = "kinesis-dead-letters-" + UUID.randomUUID();
		this.backend.createStream(stream, 1);
		Destination orders = Destination.of("orders", KinesisTransport.NAME, stream)
			.withRetry(new RetryPolicy(2, Duration.ofMillis(100), 2.0, Duration.ofMillis(400), 0))
			.withDeadLetter(DeadLetterPolicy.to(topic))
			.withProperties(Map.of("dead-letter-transport", SnsTransport.NAME, "application-name", stream));
		// The topic and the queue subscribed to it, created by the SNS transport (provision=true).
		Destination deadLetters = Destination.of("orders-dead-letters", SnsTransport.NAME, topic)
			.withDeadLetter(DeadLetterPolicy.disabled())
			.withSubscription(new SubscriptionSettings(null, topic + "-q", null,
					Map.of(SnsSubscriptionSettings.RAW_DELIVERY, Boolean.toString(rawDelivery)), Map.of()));
		SqsTransport sqsTransport = new SqsTransport(this.sqs);
		SnsTransport snsTransport = new SnsTransport(this.sns, this.sqs, SnsOptions.defaults(), null);
		KinesisTransport kinesis = new KinesisTransport(this.backend.sharedKinesis(), this.backend.dynamo(), null,
				KinesisContractFixture.fastOptions().build(), name -> SnsTransport.NAME.equals(name) ? snsTransport : null);
		Queue<String> handled = new ConcurrentLinkedQueue<>();
		Queue<MessageContext> dead = new ConcurrentLinkedQueue<>();
		Queue<String> deadPayloads = new ConcurrentLinkedQueue<>();
		Ferry ferry = Ferry.builder()
			.transport(kinesis)
			.transport(snsTransport)
			.transport(sqsTransport)
			.destination(orders)
			.destination(deadLetters)
			.provision(true)
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
		assertThat(ferry.routes()).extracting(route -> route.queue().resource()).containsExactly(topic + "-q");

		PublishReceipt bad = ferry.publisher().publish(OutboundMessage.to("orders").payload("bad").key("customer-1").build());
		PublishReceipt good = ferry.publisher()
			.publish(OutboundMessage.to("orders").payload("good").key("customer-1").build());

		await().atMost(Duration.ofSeconds(60)).until(() -> dead.size() == 1 && handled.size() == 1);
		assertThat(handled).containsExactly("good");
		assertThat(deadPayloads).containsExactly("bad");
		assertThat(this.published).singleElement().asString().startsWith("arn:aws:sns:").endsWith(":" + topic);
		MessageContext context = dead.peek();
		assertThat(context.messageId()).isEqualTo(bad.messageId());
		// A standard topic carries no key (SNS has one only on FIFO topics, the MessageGroupId): the
		// partition key travels in the details.
		if (!rawDelivery) {
			assertThat(context.transportAttributes()).containsEntry("sns.TopicArn", this.published.peek());
		}
		DeadLetterInfo info = context.deadLetterInfo().orElseThrow();
		assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.RETRIES_EXHAUSTED);
		assertThat(info.attempts()).isEqualTo(2);
		assertThat(info.exceptionType()).isEqualTo(IllegalStateException.class.getName());
		assertThat(info.exceptionMessage()).isEqualTo("cannot ship bad");
		assertThat(info.reason()).isNotBlank();
		assertThat(info.source()).startsWith("arn:aws:kinesis:").endsWith("stream/" + stream);
		assertThat(info.detail("streamArn")).isEqualTo(info.source());
		assertThat(info.detail("shardId")).isEqualTo("shardId-000000000000");
		assertThat(info.detail("sequenceNumber")).isEqualTo(bad.transportMessageId());
		assertThat(info.detail("subSequenceNumber")).isEqualTo("0");
		assertThat(info.detail("partitionKey")).isEqualTo("customer-1");
		assertThat(info.detail("condition")).isEqualTo("RetriesExhausted");
		assertThat(info.detail("applicationName")).isEqualTo(stream + "-orders");
		assertThat(info.detail("approximateArrivalTimestamp")).isNotBlank();
		// The checkpoint moves past the dead-lettered record to the one handled after it.
		await("checkpoint past the dead letter").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.backend.checkpoints(stream + "-orders"))
				.containsEntry("shardId-000000000000", good.transportMessageId()));
	}

}
