package dev.ferry.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.transport.inmemory.InMemoryTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** In memory, each listener id is a subscriber of its own; threads of one listener share its queue. */
class FanOutRuleTests {

	private static final int MESSAGES = 40;

	record Order(String id) {
	}

	private Ferry ferry;

	@AfterEach
	void close() {
		if (this.ferry != null) {
			this.ferry.close();
		}
	}

	@Test
	void eachListenerIdReceivesEveryMessageAndItsThreadsShareIt() {
		this.ferry = ferry(Destination.of("orders", InMemoryTransport.NAME, "orders"));
		Queue<String> shipped = new ConcurrentLinkedQueue<>();
		Queue<String> billed = new ConcurrentLinkedQueue<>();
		this.ferry.listen(ListenerDefinition.builder("shipping", "orders", Order.class, (order, context) -> shipped.add(order.id()))
			.concurrency(3)
			.build());
		this.ferry.listen(ListenerDefinition.builder("billing", "orders", Order.class, (order, context) -> billed.add(order.id()))
			.concurrency(2)
			.build());
		this.ferry.start();

		for (int i = 0; i < MESSAGES; i++) {
			this.ferry.publisher().publish("orders", new Order("o-" + i));
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> shipped.size() >= MESSAGES && billed.size() >= MESSAGES);
		// counted, not just "at least": no copy lost, none handled twice by the threads of one listener
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
			.until(() -> shipped.size() == MESSAGES && billed.size() == MESSAGES);
		assertThat(Set.copyOf(shipped)).hasSize(MESSAGES);
		assertThat(Set.copyOf(billed)).hasSize(MESSAGES);
	}

	@Test
	void competingListenersShareTheMessagesWhenDeclared() {
		this.ferry = ferry(Destination.of("orders", InMemoryTransport.NAME, "orders")
			.withProperties(Map.of(Destination.COMPETING_LISTENERS, "true")));
		Map<String, String> handledBy = new ConcurrentHashMap<>();
		Queue<String> all = new ConcurrentLinkedQueue<>();
		for (String id : List.of("worker-a", "worker-b")) {
			this.ferry.listen(ListenerDefinition.builder(id, "orders", Order.class, (order, context) -> {
				handledBy.put(order.id(), id);
				all.add(order.id());
			}).build());
		}
		this.ferry.start();

		for (int i = 0; i < MESSAGES; i++) {
			this.ferry.publisher().publish("orders", new Order("o-" + i));
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> all.size() >= MESSAGES);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> all.size() == MESSAGES);
		assertThat(handledBy).hasSize(MESSAGES);
	}

	@Test
	void aListenerKeepsTheApplicationAliveOnlyWhileListenersRun() {
		Set<Thread> before = Set.copyOf(keepAliveThreads());
		this.ferry = ferry(Destination.of("orders", InMemoryTransport.NAME, "orders"));
		this.ferry.start();
		assertThat(keepAliveThreads()).as("no listener, nothing to keep alive").containsExactlyInAnyOrderElementsOf(before);

		this.ferry.listen(ListenerDefinition.builder("audit", "orders", Order.class, (order, context) -> {
		}).build());
		List<Thread> started = keepAliveThreads().stream().filter(thread -> !before.contains(thread)).toList();
		assertThat(started).singleElement().satisfies(thread -> assertThat(thread.isDaemon()).isFalse());

		this.ferry.stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> !started.get(0).isAlive());
	}

	private static List<Thread> keepAliveThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter(thread -> thread.getName().equals("ferry-keep-alive") && thread.isAlive())
			.toList();
	}

	private static Ferry ferry(Destination destination) {
		return Ferry.builder()
			.transport(new InMemoryTransport())
			.destination(destination)
			.hardeningMode(HardeningMode.OFF)
			.pollTimeout(Duration.ofMillis(100))
			.build();
	}

}
