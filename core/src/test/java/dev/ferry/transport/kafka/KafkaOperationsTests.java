package dev.ferry.transport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.Backlog;
import dev.ferry.core.transport.Subscription;
import dev.ferry.core.transport.TransportHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.ferry.transport.kafka.KafkaTestSupport.messages;
import static dev.ferry.transport.kafka.KafkaTestSupport.options;
import static dev.ferry.transport.kafka.KafkaTestSupport.settings;
import static dev.ferry.transport.kafka.KafkaTestSupport.topicDestination;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health, consumer lag, dead-letter depth and redrive of the Kafka transport on an embedded broker. */
class KafkaOperationsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final KafkaTransport transport = new KafkaTransport(options(), null);

	private final List<Subscription> subscriptions = new ArrayList<>();

	@AfterEach
	void tearDown() {
		this.subscriptions.forEach(subscription -> subscription.stop(Duration.ofSeconds(5)));
		this.transport.close();
	}

	@Test
	void healthIsUpWithTheClusterId() {
		TransportHealth health = this.transport.health(Duration.ofSeconds(5));
		assertThat(health.status()).isEqualTo(TransportHealth.Status.UP);
		assertThat(health.details()).containsKey("clusterId");
	}

	@Test
	void lagFallsAsTheListenerCommitsAndRejectsFillTheDeadLetterTopicThatRedriveEmpties() throws Exception {
		Destination orders = topicDestination("operations", 2);
		this.transport.prepare(orders, false);
		this.transport.send(orders, messages("m", 6, null)).get();
		Queue<InboundMessage> received = new ConcurrentLinkedQueue<>();
		Subscription subscription = this.transport.subscribe(orders, settings("ops"), batch -> {
			List<Outcome> outcomes = new ArrayList<>();
			for (InboundMessage message : batch) {
				received.add(message);
				boolean redriven = message.headers().get("redriven").isPresent();
				// The first delivery of every message is rejected; nothing carries the header, so all six go
				// to the dead-letter topic, and come back by redrive only.
				outcomes.add(received.stream().filter(seen -> seen.id().equals(message.id())).count() > 1 || redriven
						? Outcome.ack() : Outcome.reject("Poison", "first delivery rejected", null));
			}
			return outcomes;
		});
		this.subscriptions.add(subscription);
		Backlog before = this.transport.backlog(orders).orElseThrow();
		assertThat(before.visible()).isEqualTo(6);
		assertThat(before.partitions()).extracting(Backlog.PartitionLag::group).containsOnly(orders.name() + "-group.ops");

		subscription.start();
		await().atMost(TIMEOUT).until(() -> this.transport.deadLetterBacklog(orders).orElseThrow().visible() == 6);
		await().atMost(TIMEOUT).until(() -> this.transport.backlog(orders).orElseThrow().visible() == 0);

		String result = this.transport.redrive(orders.name(), 0).get();
		assertThat(result).startsWith("moved 6 records");
		await().atMost(TIMEOUT).until(() -> received.size() == 12);
		assertThat(received).filteredOn(message -> message.headers().get(FerryHeaders.DEAD_LETTER).isPresent()).isEmpty();
		assertThat(received.stream().map(InboundMessage::id).distinct().count()).isEqualTo(6);
		await().atMost(TIMEOUT).until(() -> this.transport.backlog(orders).orElseThrow().visible() == 0);

		// The redrive group committed what it moved: a second redrive moves nothing.
		assertThat(this.transport.redrive(orders.name(), 0).get()).startsWith("moved 0 records");
	}

	@Test
	void redriveOfAnUnknownDestinationFailsNamingIt() {
		assertThat(this.transport.redrive("nowhere", 0)).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.withMessageContaining("nowhere");
	}


}
