package dev.ferry.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HeadersTest {

	@Test
	void builderKeepsTheBaseFirstInOrderAndLetsExistingValuesWinOnlyForPutIfAbsent() {
		Headers base = Headers.of(Map.of("traceparent", "mine"));
		Headers built = Headers.builder(base)
			.putIfAbsent("traceparent", "injected")
			.putIfAbsent("tracestate", "s")
			.put("ferry-id", "m-1")
			.build();
		assertThat(built.asMap()).containsExactly(Map.entry("traceparent", "mine"), Map.entry("tracestate", "s"),
				Map.entry("ferry-id", "m-1"));
		assertThat(base.asMap()).containsOnlyKeys("traceparent");
	}

	@Test
	void builtHeadersCannotBeChangedThroughTheBuilderOrTheMap() {
		Headers.Builder builder = Headers.builder().put("a", "1");
		Headers built = builder.build();
		assertThatIllegalStateException().isThrownBy(() -> builder.put("b", "2"));
		assertThat(built.asMap()).containsOnlyKeys("a");
		assertThat(Headers.builder().build()).isSameAs(Headers.empty());
	}

	@Test
	void nullNamesAndValuesAreRefusedEverywhere() {
		assertThatNullPointerException().isThrownBy(() -> Headers.builder().put("a", null))
			.withMessageContaining("'a'");
		assertThatNullPointerException().isThrownBy(() -> Headers.empty().with("a", null));
		Map<String, String> withNull = new LinkedHashMap<>();
		withNull.put("b", null);
		assertThatNullPointerException().isThrownBy(() -> Headers.empty().withAll(withNull))
			.withMessageContaining("'b'");
	}

	@Test
	void withAndWithoutCopy() {
		Headers one = Headers.empty().with("a", "1");
		Headers two = one.withAll(Map.of("b", "2"));
		assertThat(one.asMap()).containsOnlyKeys("a");
		assertThat(two.asMap()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
		assertThat(two.without("a").without("b")).isSameAs(Headers.empty());
	}

}
