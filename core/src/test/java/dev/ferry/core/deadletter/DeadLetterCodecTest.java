package dev.ferry.core.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DeadLetterCodecTest {

	@Test
	void roundTripsEveryField() {
		DeadLetterInfo info = new DeadLetterInfo("retries exhausted", "RETRIES_EXHAUSTED", "java.io.IOException", "down",
				"arn:aws:sqs:us-east-1:1:orders", "m-1", 5, Instant.parse("2026-11-23T10:00:00Z"),
				Map.of("partition", "2", "offset", "41"));

		assertThat(DeadLetterCodec.decode(DeadLetterCodec.encode(info))).isEqualTo(info);
	}

	@Test
	void longMessagesAreCutAndGarbageDecodesToNull() {
		DeadLetterInfo info = new DeadLetterInfo("r", null, null, "x".repeat(5000), null, null, 0, null, Map.of());

		DeadLetterInfo decoded = DeadLetterCodec.decode(DeadLetterCodec.encode(info));

		assertThat(decoded.exceptionMessage()).hasSize(DeadLetterCodec.MAX_TEXT + 3);
		assertThat(DeadLetterCodec.decode("not json")).isNull();
		assertThat(DeadLetterCodec.decode(null)).isNull();
	}

}
