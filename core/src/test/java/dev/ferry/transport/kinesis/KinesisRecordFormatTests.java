package dev.ferry.transport.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.core.message.Headers;
import org.junit.jupiter.api.Test;

class KinesisRecordFormatTests {

	@Test
	void headersAndPayloadRoundTrip() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("ferry-message-id", "m-1");
		headers.put("note", "quote \" and é and \u0001");
		byte[] payload = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

		KinesisRecordFormat.Decoded decoded = KinesisRecordFormat.decode(KinesisRecordFormat.encode(Headers.of(headers), payload));

		assertThat(decoded.ferryFormat()).isTrue();
		assertThat(decoded.headers().asMap()).isEqualTo(headers);
		assertThat(decoded.payload()).isEqualTo(payload);
	}

	@Test
	void recordsOfOtherProducersAreWholePayloads() {
		byte[] json = "{\"user\":\"u-1\"}".getBytes(StandardCharsets.UTF_8);

		KinesisRecordFormat.Decoded decoded = KinesisRecordFormat.decode(json);

		assertThat(decoded.ferryFormat()).isFalse();
		assertThat(decoded.headers().asMap()).isEmpty();
		assertThat(decoded.payload()).isSameAs(json);
	}

	@Test
	void aBrokenHeaderBlockMakesTheWholeRecordThePayload() {
		byte[] notAnObject = frame("[\"x\"]", "body");
		byte[] cutShort = frame("{\"a\":\"b\"", "body");

		assertThat(KinesisRecordFormat.decode(notAnObject).ferryFormat()).isFalse();
		assertThat(KinesisRecordFormat.decode(notAnObject).payload()).isSameAs(notAnObject);
		assertThat(KinesisRecordFormat.decode(cutShort).ferryFormat()).isFalse();
	}

	@Test
	void nonStringHeaderValuesAreReadAsTheirText() {
		KinesisRecordFormat.Decoded decoded = KinesisRecordFormat.decode(frame("{\"n\":12,\"b\":true,\"o\":{\"x\":1},\"s\":\"v\"}", "p"));

		assertThat(decoded.headers().asMap()).containsEntry("n", "12").containsEntry("b", "true").containsEntry("o", "")
			.containsEntry("s", "v");
		assertThat(new String(decoded.payload(), StandardCharsets.UTF_8)).isEqualTo("p");
	}

	private static byte[] frame(String block, String payload) {
		byte[] header = block.getBytes(StandardCharsets.UTF_8);
		byte[] body = payload.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(9 + header.length + body.length)
			.put(new byte[] { 0x00, 'F', 'R', 'Y', 1 })
			.putInt(header.length)
			.put(header)
			.put(body)
			.array();
	}

}
