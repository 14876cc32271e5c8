package dev.ferry.core.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import dev.ferry.core.FerryConfigurationException;
import org.junit.jupiter.api.Test;

class TrustedTypesTests {

	record Order(String id) {
	}

	@Test
	void declaredTypesTrustTheirOwnPackageOnly() {
		TrustedTypes trusted = TrustedTypes.declaredOnly();
		trusted.trustDeclared(Order.class);

		assertThat(trusted.trusts(Order.class.getName())).isTrue();
		assertThat(trusted.trusts("dev.ferry.core.convert.Anything")).isTrue();
		assertThat(trusted.trusts("dev.ferry.core.Other")).isFalse();
		assertThat(trusted.trusts("dev.ferry.core.convert.sub.Other")).isFalse();
	}

	@Test
	void jdkPackagesOfBroadListenerTypesAreNotTrusted() {
		TrustedTypes trusted = TrustedTypes.declaredOnly();
		trusted.trustDeclared(Object.class);
		trusted.trustDeclared(Map.class);
		trusted.trustDeclared(javax.naming.Context.class);

		assertThat(trusted.declaredPackages()).isEmpty();
		assertThat(trusted.trusts("java.lang.ProcessBuilder")).isFalse();
		assertThat(trusted.trusts("java.util.HashMap")).isFalse();
	}

	@Test
	void typeArgumentsAreTrustedToo() throws NoSuchMethodException {
		TrustedTypes trusted = TrustedTypes.declaredOnly();
		trusted.trustDeclared(getClass().getDeclaredMethod("listener", List.class).getGenericParameterTypes()[0]);

		assertThat(trusted.declaredPackages()).containsExactly("dev.ferry.core.convert");
	}

	void listener(List<Order> orders) {
	}

	@Test
	void configuredPackagesAndPackageTrees() {
		TrustedTypes trusted = TrustedTypes.of(List.of("com.acme.orders", "com.acme.billing.*"));

		assertThat(trusted.trusts("com.acme.orders.OrderPlaced")).isTrue();
		assertThat(trusted.trusts("com.acme.orders.v2.OrderPlaced")).isFalse();
		assertThat(trusted.trusts("com.acme.billing.Invoice")).isTrue();
		assertThat(trusted.trusts("com.acme.billing.v2.Invoice$Line")).isTrue();
		assertThat(trusted.trusts("com.acme.billingevil.Gadget")).isFalse();
		assertThat(trusted.trustsAll()).isFalse();
	}

	@Test
	void starTrustsEveryWellFormedName() {
		TrustedTypes trusted = TrustedTypes.of(List.of("*"));

		assertThat(trusted.trustsAll()).isTrue();
		assertThat(trusted.trusts("java.lang.ProcessBuilder")).isTrue();
		assertThat(trusted.trusts("[Ljava.lang.String;")).isFalse();
		assertThat(trusted.trusts("x".repeat(600))).isFalse();
	}

	@Test
	void malformedNamesAreNeverTrusted() {
		TrustedTypes trusted = TrustedTypes.of(List.of("com.acme.*"));

		assertThat(trusted.trusts("com.acme.Order ")).isFalse();
		assertThat(trusted.trusts("com.acme..Order")).isFalse();
		assertThat(trusted.trusts("[Lcom.acme.Order;")).isFalse();
		assertThat(trusted.trusts("com.acme.Order\nX")).isFalse();
		assertThat(trusted.trusts("")).isFalse();
	}

	@Test
	void badEntriesFailNamingTheProperty() {
		assertThatThrownBy(() -> TrustedTypes.of(List.of("com.acme.**")))
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("ferry.conversion.trusted-packages")
			.hasMessageContaining("com.acme.**");
		assertThatThrownBy(() -> TrustedTypes.of(List.of("")))
			.isInstanceOf(FerryConfigurationException.class);
	}

	@Test
	void readLimitsAreValidated() {
		assertThatThrownBy(() -> ConversionOptions.builder().maxNestingDepth(0).build())
			.hasMessageContaining("ferry.conversion.max-nesting-depth");
		assertThatThrownBy(() -> ConversionOptions.builder().maxDocumentBytes(0).build())
			.hasMessageContaining("ferry.conversion.max-document-size");
		assertThatThrownBy(() -> ConversionOptions.builder().maxStringLength(-1).build())
			.hasMessageContaining("ferry.conversion.max-string-length");
		assertThatThrownBy(() -> ConversionOptions.builder().maxNumberLength(0).build())
			.hasMessageContaining("ferry.conversion.max-number-length");
		assertThatThrownBy(() -> ConversionOptions.builder().payloadLogMaxChars(-1).build())
			.hasMessageContaining("ferry.logging.payload-max-chars");
	}

}
