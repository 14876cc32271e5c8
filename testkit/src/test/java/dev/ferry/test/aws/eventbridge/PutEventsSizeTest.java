package dev.ferry.test.aws.eventbridge;

import dev.ferry.test.aws.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Entry size as https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 * computes it, and the InputPath subset.
 */
class PutEventsSizeTest {

	private static EventBridgeRequest entry(String json) {
		return new EventBridgeRequest(Json.MAPPER.readTree(json));
	}

	@Test
	void sizeCountsTimeSourceDetailTypeDetailAndResourcesInUtf8() {
		// Source 4 + DetailType 2 + Detail 2 = 8; Time adds 14; "é" is two bytes; each resource counts.
		assertThat(PutEventsAction.size(entry("{\"Source\":\"shop\",\"DetailType\":\"ab\",\"Detail\":\"{}\"}")))
				.isEqualTo(8);
		assertThat(PutEventsAction.size(entry("{\"Time\":1.7E9,\"Source\":\"shop\",\"DetailType\":\"ab\","
				+ "\"Detail\":\"{}\"}"))).isEqualTo(22);
		assertThat(PutEventsAction.size(entry("{\"Source\":\"é\",\"Resources\":[\"r1\",\"r22\"]}"))).isEqualTo(7);
		assertThat(PutEventsAction.size(entry("{\"EventBusName\":\"not-counted\",\"TraceHeader\":\"x\"}"))).isZero();
	}

	@Test
	void inputPathSelectsFieldsAndIndexes() {
		var event = Json.MAPPER.readTree("{\"detail\":{\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\"}]}}");
		assertThat(EventInputPath.select(event, "$.detail.items[1].sku").asString()).isEqualTo("b");
		assertThat(EventInputPath.select(event, "$")).isEqualTo(event);
		assertThat(EventInputPath.select(event, "$.detail.nothing").isMissingNode()).isTrue();
		assertThatExceptionOfType(EventBridgeFault.class).isThrownBy(() -> EventInputPath.validate("$..sku"));
	}

}
