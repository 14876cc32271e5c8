package dev.ferry.test.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.consume.NonRetryableException;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.transport.inmemory.InMemoryTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryDestinationsTest {

	record Order(String id, int quantity) {
	}

	private final Ferry ferry = Ferry.builder()
		.transport(new InMemoryTransport())
		.destination(Destination.of("orders", InMemoryTransport.NAME, "orders"))
		.hardeningMode(HardeningMode.OFF)
		.build();

	@AfterEach
	void close() {
		this.ferry.close();
	}

	@Test
	void showsQueuedMessagesAndDeadLettersByLogicalName() {
		InMemoryDestinations destinations = InMemoryDestinations.of(this.ferry);
		this.ferry.publisher().publish("orders", new Order("o-1", -1));
		assertThat(destinations.messages("orders")).hasSize(1);

		this.ferry.listen(ListenerDefinition.builder("orders", "orders", Order.class, (order, context) -> {
			if (order.quantity() < 0) {
				throw new NonRetryableException("quantity must be positive");
			}
		}).build());
		this.ferry.start();

		destinations.awaitDeadLetters("orders", 1);
		destinations.awaitDrained("orders");
		assertThat(destinations.deadLetters("orders")).singleElement().satisfies(info -> {
			assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.NON_RETRYABLE);
			assertThat(info.reason()).contains("quantity must be positive");
		});
	}

	@Test
	void unknownDestinationNamesTheMissingProperty() {
		InMemoryDestinations destinations = InMemoryDestinations.of(this.ferry);

		assertThatThrownBy(() -> destinations.messages("elsewhere")).hasMessageContaining("ferry.destinations.elsewhere");
	}

}
