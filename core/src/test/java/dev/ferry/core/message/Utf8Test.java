package dev.ferry.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Utf8Test {

	@Test
	void countsWhatTheJdkEncodes() {
		String[] samples = { "", "ferry-id", "café", "€100", "日本語", "emoji \uD83D\uDE80 ok", "lone \uD800 high",
				"lone \uDC00 low", "end \uD83D", "\u007F\u0080\u07FF\u0800\uFFFF" };
		for (String sample : samples) {
			assertThat(Utf8.length(sample)).as(sample).isEqualTo(sample.getBytes(StandardCharsets.UTF_8).length);
		}
	}

}
