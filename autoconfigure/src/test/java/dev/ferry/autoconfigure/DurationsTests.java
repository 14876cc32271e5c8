package dev.ferry.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.ferry.core.destination.Durations;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ferry-core reads destination {@code properties.*} durations without depending on Spring Boot; Boot's
 * {@link DurationStyle} is the oracle that it reads them as Boot does.
 */
class DurationsTests {

	@Test
	void everyTextCoreAcceptsMeansWhatBootMakesOfIt() {
		for (String text : List.of("500ms", "30s", "5m", "2h", "1d", "10ns", "7us", "-1s", "+2m", "0s", "PT30S",
				"pt1h30m", "P2D", "-PT5S", " 45s ")) {
			assertThat(Durations.parseOrNull(text)).as(text).isEqualTo(DurationStyle.detectAndParse(text.trim()));
		}
	}

	@Test
	void bareNumbersAndNonsenseAreRefused() {
		for (String text : List.of("30", "soon", "30 s", "1x", "", "PTX")) {
			assertThat(Durations.parseOrNull(text)).as(text).isNull();
		}
	}

	@Test
	void formatIsReadBackByBootInTheLargestExactUnit() {
		assertThat(Durations.format(Duration.ofSeconds(-1))).isEqualTo("-1s");
		assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(Durations.format(Duration.ofMinutes(120))).isEqualTo("2h");
		assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
		for (Duration duration : List.of(Duration.ZERO, Duration.ofNanos(7), Duration.ofDays(14), Duration.ofMillis(-250),
				Duration.ofSeconds(43_200))) {
			assertThat(DurationStyle.detectAndParse(Durations.format(duration))).isEqualTo(duration);
		}
	}

}
