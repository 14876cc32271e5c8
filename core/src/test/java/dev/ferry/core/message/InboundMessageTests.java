package dev.ferry.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InboundMessageTests {

	private static InboundMessage withId(String id) {
		return new InboundMessage(id, "t-1", "orders", "{\"card\":\"4111111111111111\"}".getBytes(StandardCharsets.UTF_8),
				Headers.of(Map.of("authorization", "Bearer abc")), null, null, null, 1, null, Map.of(),
				DeliveryControl.NONE);
	}

	@Test
	void referenceShowsDestinationAndId() {
		assertThat(withId("m-1").reference()).isEqualTo("orders#m-1");
	}

	@Test
	void aCraftedIdCannotForgeLogLines() {
		String reference = withId("m-1\n12:00:00.000 INFO fake line").reference();

		assertThat(reference).doesNotContain("\n").contains("\\u000a");
		assertThat(withId("x".repeat(5000)).reference()).hasSizeLessThan(250).endsWith("...");
	}

	@Test
	void toStringShowsNeitherBodyNorHeaders() {
		assertThat(withId("m-1").toString()).doesNotContain("4111").doesNotContain("Bearer");
	}

}
