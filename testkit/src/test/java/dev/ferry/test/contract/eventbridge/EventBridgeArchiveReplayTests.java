package dev.ferry.test.contract.eventbridge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.SubscriptionSettings;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.test.aws.MotoServer;
import dev.ferry.transport.eventbridge.EventBridgeEnvelope;
import dev.ferry.transport.eventbridge.EventBridgeOptions;
import dev.ferry.transport.eventbridge.EventBridgeTransport;
import dev.ferry.transport.sqs.SqsTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import static dev.ferry.test.aws.AwsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Archive and replay on moto, which serves both (Ferry's local stand-in refuses them with
 * {@code FerryLocalUnsupported}): {@code archive.retention} provisions an archive of the bus filtered
 * by the listener's pattern, and {@link EventBridgeTransport#replay} sends a time window of it again
 * to that listener only, marked with {@code replay-name}.
 */
class EventBridgeArchiveReplayTests {

	record OrderShipped(String orderId) {
	}

	private EventBridgeAsyncClient events;

	private SqsAsyncClient sqs;

	private Ferry ferry;

	@BeforeAll
	static void moto() {
		MotoServer.assumeAvailable();
	}

	@AfterEach
	void close() {
		if (this.ferry != null) {
			this.ferry.close();
		}
		if (this.events != null) {
			this.events.close();
			this.sqs.close();
		}
	}

	@Test
	void archivedEventsAreReplayedToTheListenersRuleOnly() {
		MotoServer moto = MotoServer.shared();
		this.events = EventBridgeAsyncClient.builder().endpointOverride(moto.endpoint()).region(moto.region())
			.credentialsProvider(moto.credentials()).build();
		this.sqs = SqsAsyncClient.builder().endpointOverride(moto.endpoint()).region(moto.region())
			.credentialsProvider(moto.credentials()).build();
		String bus = unique("replay-bus");
		this.events.createEventBus(b -> b.name(bus)).join();
		String name = unique("shipped");
		Destination shipped = new Destination(name, EventBridgeTransport.NAME, bus, RetryPolicy.defaults(),
				DeadLetterPolicy.defaults(), IdempotencySettings.defaults().withEnabled(false), null,
				Map.of("source", "com.example.shop", "archive.retention", "7d"), SubscriptionSettings.none(), null);
		EventBridgeTransport transport = new EventBridgeTransport(this.events, this.sqs, EventBridgeOptions.defaults(),
				() -> null);
		Queue<MessageContext> received = new ConcurrentLinkedQueue<>();
		this.ferry = Ferry.builder()
			.transport(transport)
			.transport(new SqsTransport(this.sqs))
			.destination(shipped)
			.provision(true)
			.hardeningMode(HardeningMode.OFF)
			.pollTimeout(Duration.ofSeconds(1))
			.shutdownTimeout(Duration.ofSeconds(5))
			.build();
		this.ferry.listen(ListenerDefinition.builder("shipping", name, OrderShipped.class,
				(payload, context) -> received.add(context)).build());
		this.ferry.start();
		Instant from = Instant.now().minusSeconds(60);
		this.ferry.publisher().publish(name, new OrderShipped("o-1"));
		await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
		assertThat(received.peek().transportAttributes()).doesNotContainKey(EventBridgeEnvelope.REPLAY_NAME);

		String replay = transport.replay(name, "shipping", from, Instant.now().plusSeconds(1)).join();

		await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
		MessageContext replayed = received.stream().skip(1).findFirst().orElseThrow();
		assertThat(replayed.transportAttributes()).containsEntry(EventBridgeEnvelope.REPLAY_NAME, replay);
		assertThat(replayed.messageId()).isEqualTo(received.peek().messageId());
		assertThat(this.events.listArchives(b -> b.namePrefix("ferry-" + name)).join().archives())
			.singleElement()
			.satisfies(archive -> assertThat(archive.retentionDays()).isEqualTo(7));
		assertThat(transport.replay(name, "someone-else", from, Instant.now()))
			.failsWithin(Duration.ofSeconds(1))
			.withThrowableThat()
			.withMessageContaining("No listener 'someone-else'");
		assertThat(List.of(replay)).allMatch(value -> value.length() <= 64);
	}

}
