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

import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.PublishReceipt;
import dev.ferry.transport.kinesis.KinesisTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.RegisterStreamConsumerRequest;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;

/**
 * Enhanced fan-out ({@code retrieval: fan-out}): the KCL registers a stream consumer and reads with
 * {@code SubscribeToShard}, on kinesis-local (Kinesis, HTTP/2 without TLS, the SDK's Netty client
 * speaking HTTP/2 with prior knowledge) and moto (the lease table). Records are handled, the
 * checkpoint advances, and the registration and the subscriptions are counted on the wire.
 */
class KinesisFanOutTests {

	private final KinesisTestBackend backend = KinesisTestBackend.kinesisLocal();

	private final Queue<RegisterStreamConsumerRequest> registrations = new ConcurrentLinkedQueue<>();

	private final Queue<SubscribeToShardRequest> subscriptions = new ConcurrentLinkedQueue<>();

	private final KinesisAsyncClient http2 = KinesisAsyncClient.builder()
		.httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2))
		.endpointOverride(KinesisLocal.shared().endpoint())
		.region(this.backend.region())
		.credentialsProvider(this.backend.credentials())
		.overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {

			@Override
			public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
				if (context.request() instanceof RegisterStreamConsumerRequest register) {
					KinesisFanOutTests.this.registrations.add(register);
				}
				else if (context.request() instanceof SubscribeToShardRequest subscribe) {
					KinesisFanOutTests.this.subscriptions.add(subscribe);
				}
			}

		}))
		.build();

	private final List<Ferry> runtimes = new ArrayList<>();

	@AfterEach
	void close() {
		this.runtimes.forEach(Ferry::close);
		this.http2.close();
	}

	@Test
	void fanOutListenerRegistersAConsumerSubscribesToTheShardAndHandlesEveryRecord() {
		String stream = "fan-out-" + UUID.randomUUID();
		this.backend.createStream(stream, 1);
		Destination clicks = Destination.of("clicks", KinesisTransport.NAME, stream)
			.withDeadLetter(DeadLetterPolicy.disabled())
			.withProperties(Map.of("application-name", stream, "retrieval", "fan-out"));
		Ferry ferry = Ferry.builder()
			.transport(new KinesisTransport(this.http2, this.backend.dynamo(), KinesisContractFixture.fastOptions().build()))
			.destination(clicks)
			.hardeningMode(HardeningMode.OFF)
			.build();
		this.runtimes.add(ferry);
		Queue<String> handled = new ConcurrentLinkedQueue<>();
		ferry.listen(ListenerDefinition.builder("clicks", "clicks", String.class, (payload, context) -> handled.add(payload))
			.build());
		ferry.start();

		List<String> sent = List.of("c-1", "c-2", "c-3", "c-4", "c-5");
		PublishReceipt last = null;
		for (String click : sent) {
			last = ferry.publisher().publish(OutboundMessage.to("clicks").payload(click).key("user-1").build());
		}

		await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= sent.size());
		assertThat(handled).containsExactlyElementsOf(sent);
		String lastSequence = last.transportMessageId();
		await("checkpoint at the last record").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.backend.checkpoints(stream + "-clicks"))
				.containsEntry("shardId-000000000000", lastSequence));
		String application = stream + "-clicks";
		assertThat(this.registrations).extracting(RegisterStreamConsumerRequest::consumerName).containsExactly(application);
		assertThat(this.subscriptions).isNotEmpty()
			.allSatisfy(subscribe -> assertThat(subscribe.shardId()).isEqualTo("shardId-000000000000"));
		assertThat(this.http2.listStreamConsumers(builder -> builder.streamARN(this.subscriptions.peek().consumerARN()
			.substring(0, this.subscriptions.peek().consumerARN().indexOf("/consumer/")))).join().consumers())
			.singleElement()
			.satisfies(consumer -> {
				assertThat(consumer.consumerName()).isEqualTo(application);
				assertThat(consumer.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
			});
	}

}
