package dev.ferry.samples.orders;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operations over HTTP, as an operator would use them: health with Ferry's contributors, the ferry
 * endpoint's view, pausing and resuming a listener, and redriving dead letters.
 *
 * <p>A pause lets the SQS receive on the wire end rather than aborting it (an aborted long poll may
 * hold a message invisible), so with the sample's 20 s long polls every pause would take up to 20 s;
 * these tests poll for 1 s. Stopping aborts the poll, so the other tests keep the 20 s default.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ferry.listener.poll-timeout=1s")
class OrderServiceOperationsTests {

	@LocalServerPort
	private int port;

	private RestClient http;

	@BeforeEach
	void client() {
		this.http = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthShowsFerryTransportsAndListeners() {
		Map<String, Object> health = get("/actuator/health");
		Map<String, Object> ferry = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("ferry");
		assertThat(ferry).containsEntry("status", "UP");
		Map<String, Object> parts = (Map<String, Object>) ferry.get("components");
		Map<String, Object> sqs = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) parts.get("transports"))
			.get("components")).get("sqs");
		assertThat(sqs).containsEntry("status", "UP");
		assertThat((Map<String, Object>) ((Map<String, Object>) parts.get("listeners")).get("components"))
			.containsKeys("orders", "invoices", "orders-dead-letters");
	}

	@Test
	@SuppressWarnings("unchecked")
	void ferryEndpointShowsDestinationsListenersAndHardening() {
		Map<String, Object> body = get("/actuator/ferry");
		List<Map<String, Object>> destinations = (List<Map<String, Object>>) body.get("destinations");
		assertThat(destinations).extracting(entry -> entry.get("name")).contains("orders", "invoices", "orders-dlq");
		Map<String, Object> orders = destinations.stream().filter(entry -> "orders".equals(entry.get("name"))).findFirst()
			.orElseThrow();
		assertThat(orders).containsEntry("transport", "sqs").containsKeys("backlog", "deadLetters", "capabilities");
		assertThat((Map<String, Object>) orders.get("deadLetters")).containsKey("visible");
		assertThat((List<Map<String, Object>>) body.get("listeners")).extracting(entry -> entry.get("id"))
			.contains("orders", "invoices", "orders-dead-letters");
		assertThat((Map<String, Object>) body.get("hardening")).containsEntry("ran", true).containsKey("findings");
	}

	@Test
	void pausedListenerLeavesOrdersWaitingUntilResumed() {
		assertThat(act("listeners", "orders", "pause")).containsEntry("state", "PAUSED");
		try {
			place(new OrderPlaced("o-paused", "tea", 1));
			await().atMost(Duration.ofSeconds(10)).until(() -> visible("orders", "backlog") >= 1);
			assertThat(this.http.get().uri("/orders/{id}", "o-paused").retrieve().body(OrderBook.OrderState.class).status())
				.isEqualTo(OrderBook.Status.PLACED);
		}
		finally {
			assertThat(act("listeners", "orders", "resume")).containsEntry("state", "RUNNING");
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> this.http.get().uri("/orders/{id}", "o-paused").retrieve()
			.body(OrderBook.OrderState.class).timesProcessed() == 1);
	}

	@Test
	void redriveMovesDeadLettersBackAndTheyAreProcessedAgain() {
		act("listeners", "orders-dead-letters", "pause");
		try {
			long rejectedBefore = stats().getOrDefault("orders:reject", 0L);
			place(new OrderPlaced("o-redrive", "coffee", -1));
			await().atMost(Duration.ofSeconds(15)).until(() -> visible("orders", "deadLetters") == 1);
			Map<String, Object> redrive = act("destinations", "orders", "redrive");
			assertThat(redrive).containsEntry("action", "redrive").containsKey("result");
			// Moved back to "orders", handled there again: rejected again (still poison) and dead-lettered again.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> stats().getOrDefault("orders:reject", 0L) == rejectedBefore + 2);
		}
		finally {
			act("listeners", "orders-dead-letters", "resume");
		}
	}

	@SuppressWarnings("unchecked")
	private long visible(String destination, String which) {
		Map<String, Object> body = get("/actuator/ferry");
		Map<String, Object> entry = ((List<Map<String, Object>>) body.get("destinations")).stream()
			.filter(candidate -> destination.equals(candidate.get("name")))
			.findFirst()
			.orElseThrow();
		Object backlog = entry.get(which);
		return backlog instanceof Map<?, ?> map && map.get("visible") instanceof Number number ? number.longValue() : -1;
	}

	private Map<String, Object> act(String kind, String name, String action) {
		return this.http.post()
			.uri("/actuator/ferry/{kind}/{name}", kind, name)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("action", action))
			.retrieve()
			.body(new ParameterizedTypeReference<Map<String, Object>>() {
			});
	}

	private Map<String, Object> get(String path) {
		return this.http.get().uri(path).retrieve().body(new ParameterizedTypeReference<Map<String, Object>>() {
		});
	}

	private void place(OrderPlaced order) {
		this.http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(order).retrieve().toBodilessEntity();
	}

	private Map<String, Long> stats() {
		return this.http.get().uri("/stats").retrieve().body(new ParameterizedTypeReference<Map<String, Long>>() {
		});
	}

}
