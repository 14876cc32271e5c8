package dev.ferry.test.aws;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FaultInjectorTest {

	@Test
	void failsExactlyTheArmedNumberOfMatchingEntries() {
		FaultInjector<String> faults = new FaultInjector<>();
		faults.failNext(2, (entry) -> entry.startsWith("a"), "InternalFailure", "boom");
		assertThat(faults.poll("b")).isEmpty();
		assertThat(faults.poll("a1")).hasValueSatisfying((f) -> assertThat(f.errorCode()).isEqualTo("InternalFailure"));
		assertThat(faults.poll("a2")).isPresent();
		assertThat(faults.poll("a3")).isEmpty();
	}

	@Test
	void clearDisarmsAndCountIsValidated() {
		FaultInjector<String> faults = new FaultInjector<>();
		faults.failNext(1, (entry) -> true, "ThrottlingException", "slow down");
		faults.clear();
		assertThat(faults.poll("x")).isEmpty();
		assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> faults.failNext(0, (entry) -> true, "c", "m"));
	}

}
