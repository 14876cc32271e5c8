package dev.ferry.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.ferry.core.engine.Ferry;
import dev.ferry.core.transport.QueueRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * {@code order-events} on SNS (the local stand-in under ferry.local): two listeners, two
 * subscription queues, one with a filter policy, all from application.yml.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderEventsOnSnsTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Ferry ferry;

	@Autowired
	private OrderEventListeners listeners;

	private RestClient http;

	@BeforeEach
	void client() {
		this.http = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void everySubscriberGetsItsOwnCopyAndTheFilterPolicyApplies() {
		assertThat(this.ferry.destinations().get("order-events").transport()).isEqualTo("sns");
		assertThat(this.ferry.routes())
			.filteredOn(route -> route.source().name().equals("order-events"))
			.extracting(QueueRoute::listenerId, route -> route.queue().resource())
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("shipping", "order-events-shipping"),
					org.assertj.core.groups.Tuple.tuple("loyalty", "order-events-loyalty"));

		place(new OrderPlaced("ev-small", "tea", 2));
		place(new OrderPlaced("ev-large", "tea", 12));

		// the application context (and its listeners) may be shared with other tests: look at these orders only
		await().atMost(Duration.ofSeconds(30)).until(() -> this.listeners.seenBy("shipping").containsAll(
				java.util.List.of("ev-small", "ev-large")) && this.listeners.seenBy("loyalty").contains("ev-large"));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
			.until(() -> !this.listeners.seenBy("loyalty").contains("ev-small"));
		assertThat(this.listeners.seenBy("shipping")).containsOnlyOnce("ev-small", "ev-large");
		assertThat(this.listeners.seenBy("loyalty")).containsOnlyOnce("ev-large").doesNotContain("ev-small");
	}

	private void place(OrderPlaced order) {
		this.http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(order).retrieve().toBodilessEntity();
	}

}
