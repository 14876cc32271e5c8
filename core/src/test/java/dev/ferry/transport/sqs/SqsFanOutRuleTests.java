package dev.ferry.transport.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A plain queue shares work: a second listener id is refused unless declared competing. */
class SqsFanOutRuleTests {

	record Order(String id) {
	}

	private final ElasticMq sqs = ElasticMq.get();

	private Ferry ferry;

	@AfterEach
	void close() {
		if (this.ferry != null) {
			this.ferry.close();
		}
	}

	@Test
	void twoListenerIdsOnOneQueueStopStartUpWithHowToFanOut() {
		String queue = "fanout-" + UUID.randomUUID();
		this.sqs.createQueue(queue, Map.of());
		this.ferry = ferry(Destination.of("orders", SqsTransport.NAME, queue));
		this.ferry.listen(listener("shipping", new ConcurrentLinkedQueue<>()));

		assertThatThrownBy(() -> this.ferry.listen(listener("billing", new ConcurrentLinkedQueue<>())))
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("'shipping' and 'billing'")
			.hasMessageContaining("queue '" + queue + "'")
			.hasMessageContaining("shares its messages")
			.hasMessageContaining("SNS topic or EventBridge bus")
			.hasMessageContaining("ferry.destinations.orders.competing-listeners=true");
		assertThat(this.ferry.containers()).extracting(container -> container.id()).containsExactly("shipping");
	}

	@Test
	void competingListenersDeclaredStartAndShareTheQueue() {
		String queue = "competing-" + UUID.randomUUID();
		this.sqs.createQueue(queue, Map.of());
		this.ferry = ferry(Destination.of("orders", SqsTransport.NAME, queue)
			.withProperties(Map.of(Destination.COMPETING_LISTENERS, "true", "poll-timeout", "1s")));
		Queue<String> all = new ConcurrentLinkedQueue<>();
		Map<String, String> handledBy = new ConcurrentHashMap<>();
		for (String id : List.of("worker-a", "worker-b")) {
			this.ferry.listen(ListenerDefinition.builder(id, "orders", Order.class, (order, context) -> {
				all.add(order.id());
				handledBy.put(order.id(), id);
			}).build());
		}
		this.ferry.start();

		int messages = 10;
		this.ferry.publisher()
			.publishAll(IntStream.range(0, messages).mapToObj(i -> OutboundMessage.of("orders", new Order("o-" + i))).toList())
			.throwIfAnyFailed();

		await().atMost(Duration.ofSeconds(20)).until(() -> all.size() >= messages);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> all.size() == messages);
		assertThat(handledBy).hasSize(messages);
	}

	private static ListenerDefinition listener(String id, Queue<String> handled) {
		return ListenerDefinition.builder(id, "orders", Order.class, (order, context) -> handled.add(order.id())).build();
	}

	private Ferry ferry(Destination destination) {
		return Ferry.builder()
			.transport(new SqsTransport(this.sqs.client()))
			.destination(destination)
			.hardeningMode(HardeningMode.OFF)
			.pollTimeout(Duration.ofSeconds(1))
			.build();
	}

}
