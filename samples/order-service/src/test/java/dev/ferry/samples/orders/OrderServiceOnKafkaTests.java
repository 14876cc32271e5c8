package dev.ferry.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.ferry.core.engine.Ferry;
import dev.ferry.test.kafka.KafkaTestBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The same sample with its {@code orders} destination (and that destination's dead letters) moved to
 * Kafka by configuration alone: no code changes, and {@code invoices} stays on SQS in the same
 * application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderServiceOnKafkaTests {

	@DynamicPropertySource
	static void ordersOnKafka(DynamicPropertyRegistry registry) {
		registry.add("ferry.kafka.bootstrap-servers", () -> KafkaTestBroker.shared().bootstrapServers());
		registry.add("ferry.destinations.orders.transport", () -> "kafka");
		registry.add("ferry.destinations.orders-dlq.transport", () -> "kafka");
		registry.add("ferry.destinations.orders-dlq.resource", () -> "orders.DLT");
	}

	@LocalServerPort
	private int port;

	@Autowired
	private Ferry ferry;

	private RestClient http;

	@BeforeEach
	void client() {
		this.http = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void ordersFlowOverKafkaWhileInvoicesStayOnSqs() {
		assertThat(this.ferry.destinations().get("orders").transport()).isEqualTo("kafka");
		assertThat(this.ferry.destinations().get("invoices").transport()).isEqualTo("sqs");

		place(new OrderPlaced("k-1", "coffee", 2));
		place(new OrderPlaced("k-1", "coffee", 2));
		place(new OrderPlaced("k-bad", "coffee", -1));

		await().atMost(Duration.ofSeconds(30)).until(() -> status("k-1").status() == OrderBook.Status.INVOICED);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> status("k-bad").status() == OrderBook.Status.DEAD_LETTERED);
		assertThat(status("k-1").timesProcessed()).isEqualTo(1);
		assertThat(status("k-bad").deadLetterReason()).contains("quantity");
	}

	private void place(OrderPlaced order) {
		this.http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(order).retrieve().toBodilessEntity();
	}

	private OrderBook.OrderState status(String id) {
		return this.http.get().uri("/orders/{id}", id).retrieve().body(OrderBook.OrderState.class);
	}

}
