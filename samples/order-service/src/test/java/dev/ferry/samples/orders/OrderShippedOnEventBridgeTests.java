package dev.ferry.samples.orders;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the sample and publishes shipping events on EventBridge (ferry.local's stand-in): the
 * listener receives the express shipment through its rule's pattern on {@code detail}, and never the
 * standard one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderShippedOnEventBridgeTests {

	@LocalServerPort
	private int port;

	@Test
	void onlyExpressShipmentsReachTheListener() {
		RestClient http = RestClient.create("http://localhost:" + this.port);
		ship(http, new OrderShipped("o-standard", "acme", "standard"));
		ship(http, new OrderShipped("o-express", "acme", "express"));

		await().atMost(Duration.ofSeconds(20)).until(() -> notified(http).size() == 1);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> notified(http).size() == 1);
		assertThat(notified(http)).containsExactly(new OrderShipped("o-express", "acme", "express"));
	}

	private static void ship(RestClient http, OrderShipped shipped) {
		http.post().uri("/shipments").contentType(MediaType.APPLICATION_JSON).body(shipped).retrieve().toBodilessEntity();
	}

	private static List<OrderShipped> notified(RestClient http) {
		return http.get().uri("/shipments/notified").retrieve().body(new ParameterizedTypeReference<List<OrderShipped>>() {
		});
	}

}
