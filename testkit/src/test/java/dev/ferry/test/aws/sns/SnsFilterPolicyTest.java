package dev.ferry.test.aws.sns;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Filter policy rules of https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
 * and the limits of https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html.
 */
class SnsFilterPolicyTest {

	private static SnsMessage message(Map<String, SnsMessageAttribute> attributes) {
		return new SnsMessage("id", "arn", null, "{}", false, attributes, null, null, null, Instant.now());
	}

	@Test
	void binaryAttributesAreNeverMatched() {
		SnsFilterPolicy policy = SnsFilterPolicy.compile("{\"blob\":[{\"exists\":true}]}", "MessageAttributes");
		assertThat(policy.matches(message(Map.of("blob", new SnsMessageAttribute("Binary", null, new byte[] { 1 })))))
				.isFalse();
		assertThat(policy.matches(message(Map.of("blob", new SnsMessageAttribute("String", "x", null))))).isTrue();
	}

	@Test
	void numbersCompareNumerically() {
		SnsFilterPolicy policy = SnsFilterPolicy.compile("{\"n\":[{\"numeric\":[\"=\",300]}]}", "MessageAttributes");
		assertThat(policy.matches(message(Map.of("n", new SnsMessageAttribute("Number", "3.0e2", null))))).isTrue();
		assertThat(policy.matches(message(Map.of("n", new SnsMessageAttribute("String", "300", null))))).isFalse();
	}

	@Test
	void limitsAreEnforced() {
		assertThatExceptionOfType(SnsFault.class).isThrownBy(() -> SnsFilterPolicy.compile(
				"{\"a\":[1],\"b\":[1],\"c\":[1],\"d\":[1],\"e\":[1],\"f\":[1]}", "MessageAttributes"))
				.withMessageContaining("5 keys");
		String manyValues = "[1,2,3,4,5,6,7,8,9,10,11,12,13]";
		assertThatExceptionOfType(SnsFault.class).isThrownBy(() -> SnsFilterPolicy.compile(
				"{\"a\":" + manyValues + ",\"b\":" + manyValues + "}", "MessageAttributes"))
				.withMessageContaining("combinations");
		assertThatExceptionOfType(SnsFault.class)
				.isThrownBy(() -> SnsFilterPolicy.compile("{\"a\":[1]}", "Everything"));
	}

}
