package dev.ferry.samples.orders;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the sample on a random port and drives orders through it over HTTP: one processed once
 * though placed twice, one invoiced only partly, one poison order dead-lettered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderServiceSmokeTests {

	@LocalServerPort
	private int port;

	private RestClient http;

	@BeforeEach
	void client() {
		this.http = RestClient.create("http://localhost:" + this.port);
	}

	@Test
	void duplicateOrderIsProcessedOnce() {
		place(new OrderPlaced("o-1", "coffee", 2));
		await().atMost(Duration.ofSeconds(10)).until(() -> status("o-1").status() == OrderBook.Status.INVOICED);
		place(new OrderPlaced("o-1", "coffee", 2));
		await().atMost(Duration.ofSeconds(10)).until(() -> stats().getOrDefault("orders:duplicate", 0L) >= 1);
		assertThat(status("o-1").timesProcessed()).isEqualTo(1);
		assertThat(status("o-1").invoiceAttempts()).isEqualTo(1);
	}

	@Test
	void batchFailsOnlyTheItemItCannotInvoice() {
		place(new OrderPlaced("o-small", "tea", 1));
		place(new OrderPlaced("o-huge", "espresso machine", 1_000));
		await().atMost(Duration.ofSeconds(10)).until(() -> status("o-huge").invoiceAttempts() == 3);
		assertThat(status("o-huge").status()).isEqualTo(OrderBook.Status.PROCESSED);
		assertThat(status("o-small").status()).isEqualTo(OrderBook.Status.INVOICED);
		assertThat(status("o-small").invoiceAttempts()).isEqualTo(1);
	}

	@Test
	void poisonOrderLandsInDeadLetterQueue() {
		place(new OrderPlaced("o-bad", "coffee", -1));
		await().atMost(Duration.ofSeconds(10)).until(() -> status("o-bad").status() == OrderBook.Status.DEAD_LETTERED);
		assertThat(status("o-bad").timesProcessed()).isZero();
		assertThat(status("o-bad").deadLetterReason()).isNotBlank();
	}

	@Test
	void orderWithoutIdIsRefusedWithTheReason() {
		var response = this.http.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("item", "coffee", "quantity", 2))
			.retrieve()
			.onStatus(status -> true, (request, reply) -> {
			})
			.toEntity(String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody()).contains("orderId and item are required");
	}

	private void place(OrderPlaced order) {
		HttpStatus status = HttpStatus.valueOf(this.http.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(order)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value());
		assertThat(status).isEqualTo(HttpStatus.ACCEPTED);
	}

	private OrderBook.OrderState status(String orderId) {
		return this.http.get().uri("/orders/{id}", orderId).retrieve().body(OrderBook.OrderState.class);
	}

	private Map<String, Long> stats() {
		return this.http.get().uri("/stats").retrieve().body(new ParameterizedTypeReference<Map<String, Long>>() {
		});
	}

}
