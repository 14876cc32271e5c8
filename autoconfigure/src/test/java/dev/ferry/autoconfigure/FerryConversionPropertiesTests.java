package dev.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.convert.ConversionOptions;
import dev.ferry.core.convert.JacksonPayloadConverter;
import dev.ferry.core.convert.PayloadConverter;
import dev.ferry.core.convert.TrustedTypes;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FerryConversionPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryAutoConfiguration.class))
		.withPropertyValues("ferry.listener.poll-timeout=100ms", "ferry.destinations.inbox.transport=in-memory");

	@Test
	void defaultsAreSafe() {
		this.contextRunner.run(context -> {
			ConversionOptions options = ((JacksonPayloadConverter) context.getBean(PayloadConverter.class)).options();
			assertThat(options.trustedTypes().configured()).isEmpty();
			assertThat(options.maxNestingDepth()).isEqualTo(ConversionOptions.DEFAULT_MAX_NESTING_DEPTH);
			assertThat(options.maxDocumentBytes()).isEqualTo(10L * 1024 * 1024);
			assertThat(options.logPayloads()).isFalse();
			assertThat(context.getBean(Ferry.class).inspect().findings()).extracting(Finding::id)
				.doesNotContain(TrustedTypes.TRUST_ALL_RULE);
		});
	}

	@Test
	void propertiesReachTheConverter() {
		this.contextRunner
			.withPropertyValues("ferry.conversion.trusted-packages=com.acme.orders,com.acme.billing.*",
					"ferry.conversion.max-nesting-depth=20", "ferry.conversion.max-document-size=256KB",
					"ferry.conversion.max-string-length=5000", "ferry.conversion.max-number-length=50",
					"ferry.logging.payloads=true", "ferry.logging.payload-max-chars=80")
			.run(context -> {
				ConversionOptions options = ((JacksonPayloadConverter) context.getBean(PayloadConverter.class)).options();
				assertThat(options.trustedTypes().trusts("com.acme.billing.v2.Invoice")).isTrue();
				assertThat(options.trustedTypes().trusts("com.acme.other.Thing")).isFalse();
				assertThat(options.maxNestingDepth()).isEqualTo(20);
				assertThat(options.maxDocumentBytes()).isEqualTo(256 * 1024);
				assertThat(options.maxStringLength()).isEqualTo(5000);
				assertThat(options.maxNumberLength()).isEqualTo(50);
				assertThat(options.logPayloads()).isTrue();
				assertThat(options.payloadLogMaxChars()).isEqualTo(80);
			});
	}

	@Test
	void badValuesFailStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("ferry.conversion.max-nesting-depth=0")
			.run(context -> assertThat(context).getFailure().rootCause()
				.hasMessageContaining("ferry.conversion.max-nesting-depth"));
		this.contextRunner.withPropertyValues("ferry.conversion.trusted-packages=com.acme.**")
			.run(context -> assertThat(context).getFailure().rootCause()
				.hasMessageContaining("ferry.conversion.trusted-packages"));
	}

	@Test
	void trustingEveryClassIsAWarningThatEnforceModeRefuses() {
		this.contextRunner.withPropertyValues("ferry.conversion.trusted-packages=*").run(context -> {
			assertThat(context.getBean(Ferry.class).inspect().findings()).filteredOn(
					finding -> finding.id().equals(TrustedTypes.TRUST_ALL_RULE))
				.singleElement()
				.satisfies(finding -> assertThat(finding.severity().name()).isEqualTo("WARNING"));
		});
		this.contextRunner.withPropertyValues("ferry.conversion.trusted-packages=*", "ferry.hardening.mode=enforce")
			.run(context -> assertThat(context).getFailure()
				.hasRootCauseInstanceOf(HardeningException.class)
				.rootCause()
				.hasMessageContaining(TrustedTypes.TRUST_ALL_RULE));
	}

}
