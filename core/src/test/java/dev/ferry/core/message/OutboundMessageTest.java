package dev.ferry.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class OutboundMessageTest {

	@Test
	void generatedIdsAreUniqueVersion4Uuids() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String id = OutboundMessage.of("orders", "x").id();
			UUID uuid = UUID.fromString(id);
			assertThat(uuid.version()).isEqualTo(4);
			assertThat(uuid.variant()).isEqualTo(2);
			ids.add(id);
		}
		assertThat(ids).hasSize(10_000);
	}

	@Test
	void builderValidatesEarly() {
		assertThatThrownBy(() -> OutboundMessage.to(" ").payload("x").build()).hasMessageContaining("destination");
		assertThatThrownBy(() -> OutboundMessage.to("orders").build()).hasMessageContaining("payload");
		assertThatThrownBy(() -> OutboundMessage.to("orders").payload("x").delay(Duration.ofSeconds(-1)).build())
			.hasMessageContaining("delay");
	}

	@Test
	void toBuilderKeepsEverything() {
		OutboundMessage message = OutboundMessage.to("orders").id("m").payload("p").header("h", "v").key("k")
			.deduplicationId("d").delay(Duration.ofSeconds(2)).build();

		OutboundMessage copy = message.toBuilder().build();

		assertThat(copy.id()).isEqualTo("m");
		assertThat(copy.headers()).isEqualTo(message.headers());
		assertThat(copy.key()).isEqualTo("k");
		assertThat(copy.deduplicationId()).isEqualTo("d");
		assertThat(copy.delay()).isEqualTo(Duration.ofSeconds(2));
	}

}
