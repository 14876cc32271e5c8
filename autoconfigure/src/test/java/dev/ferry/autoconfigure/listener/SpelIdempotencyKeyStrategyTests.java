package dev.ferry.autoconfigure.listener;

import dev.ferry.core.FerryConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.expression.spel.SpelEvaluationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SpelIdempotencyKeyStrategyTests {

	@Test
	void readsRecordAccessorsOfThePayload() {
		assertThat(new SpelIdempotencyKeyStrategy("#payload.orderId()", "test").keyFor(new Order("o-1", 3),
				ListenerMethodAdapterTests.context("m-1")))
			.isEqualTo("o-1");
	}

	@Test
	void combinesPayloadAndContext() {
		assertThat(new SpelIdempotencyKeyStrategy("#payload.orderId() + ':' + #context.messageId()", "test")
			.keyFor(new Order("o-1", 3), ListenerMethodAdapterTests.context("m-9"))).isEqualTo("o-1:m-9");
	}

	@Test
	void nonStringResultsBecomeText() {
		assertThat(new SpelIdempotencyKeyStrategy("#payload.quantity()", "test").keyFor(new Order("o-1", 3),
				ListenerMethodAdapterTests.context("m-1")))
			.isEqualTo("3");
	}

	@Test
	void nullMeansNoKey() {
		assertThat(new SpelIdempotencyKeyStrategy("#context.deduplicationId()", "test").keyFor(new Order("o-1", 3),
				ListenerMethodAdapterTests.context("m-1")))
			.isNull();
	}

	@Test
	void invalidExpressionFailsNamingTheListener() {
		assertThatExceptionOfType(FerryConfigurationException.class)
			.isThrownBy(() -> new SpelIdempotencyKeyStrategy("#payload.(", "OrderListeners.on"))
			.withMessageContaining("OrderListeners.on")
			.withMessageContaining("#payload.(");
	}

	@Test
	void typeReferencesAreNotEvaluated() {
		SpelIdempotencyKeyStrategy strategy = new SpelIdempotencyKeyStrategy("T(java.lang.System).getenv()", "test");
		assertThatExceptionOfType(SpelEvaluationException.class)
			.isThrownBy(() -> strategy.keyFor(new Order("o-1", 3), ListenerMethodAdapterTests.context("m-1")));
	}

	record Order(String orderId, int quantity) {
	}

}
