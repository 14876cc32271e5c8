package dev.ferry.core.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import dev.ferry.core.FerryConfigurationException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

	@Test
	void delaysGrowExponentiallyUpToTheCap() {
		RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 0);

		assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
		assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(5));
		assertThat(policy.delayAfter(9)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void jitterStaysWithinItsBand() {
		RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(10), 1.0, Duration.ofSeconds(20), 0.5);

		for (int i = 0; i < 50; i++) {
			assertThat(policy.delayAfter(1)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
		}
	}

	@Test
	void attemptsAreBounded() {
		RetryPolicy policy = RetryPolicy.defaults().withMaxAttempts(3);

		assertThat(policy.canRetryAfter(2)).isTrue();
		assertThat(policy.canRetryAfter(3)).isFalse();
		assertThat(RetryPolicy.noRetry().canRetryAfter(1)).isFalse();
	}

	@Test
	void invalidValuesNameTheSetting() {
		assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 2, Duration.ZERO, 0))
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("max-attempts");
		assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0))
			.hasMessageContaining("max-delay");
		assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, 0.5, Duration.ZERO, 0)).hasMessageContaining("multiplier");
		assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, 1, Duration.ZERO, 2)).hasMessageContaining("jitter");
	}

	@Test
	void classifierWalksTheCauseChain() {
		DefaultErrorClassifier classifier = new DefaultErrorClassifier(java.util.List.of(IllegalArgumentException.class));

		assertThat(classifier.isRetryable(new IllegalStateException("io"))).isTrue();
		assertThat(classifier.isRetryable(new RuntimeException(new NonRetryableException("bad")))).isFalse();
		assertThat(classifier.isRetryable(new IllegalArgumentException("configured"))).isFalse();
	}

}
