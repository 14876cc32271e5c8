package dev.ferry.autoconfigure;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningException;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.hardening.HardeningReport;
import dev.ferry.core.hardening.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class FerryHardeningTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryAutoConfiguration.class))
		.withPropertyValues("ferry.listener.poll-timeout=50ms", "ferry.destinations.orders.transport=in-memory",
				"ferry.destinations.audit.transport=in-memory")
		.withBean(HardeningInspector.class, UnencryptedInspector::new);

	@Test
	void enforceWithFindingsRefusesStartUpWithTheWholeReport() {
		this.contextRunner.withPropertyValues("ferry.hardening.mode=enforce").run(context -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			HardeningException hardening = findCause(failure, HardeningException.class);
			assertThat(hardening.report().findings()).extracting(Finding::resource)
				.containsExactlyInAnyOrder("orders", "audit");
			FailureAnalysis analysis = new HardeningFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains("TEST-KMS-001 on orders", "TEST-KMS-001 on audit");
			assertThat(analysis.getAction()).contains("ferry.hardening.mode=warn");
		});
	}

	@Test
	void warnLogsTheReportAndStarts(CapturedOutput output) {
		this.contextRunner.withPropertyValues("ferry.hardening.mode=warn").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("Ferry hardening: 2 findings").contains("TEST-KMS-001 on orders");
		});
	}

	@Test
	void offInspectsNothing(CapturedOutput output) {
		this.contextRunner.withPropertyValues("ferry.hardening.mode=off").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("TEST-KMS-001");
		});
	}

	@Test
	void suppressedFindingIsReportedWithItsReasonAndEnforceStarts(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("ferry.hardening.mode=enforce", "ferry.hardening.suppressions[0].rule=TEST-KMS-001",
					"ferry.hardening.suppressions[0].resource=aud*",
					"ferry.hardening.suppressions[0].reason=audit holds public data only",
					"ferry.hardening.suppressions[1].rule=TEST-KMS-001",
					"ferry.hardening.suppressions[1].resource=orders",
					"ferry.hardening.suppressions[1].reason=encrypted by the gateway upstream")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Ferry hardening: 0 findings, 2 suppressed")
					.contains("suppressed [CRITICAL] TEST-KMS-001 on audit")
					.contains("reason:  audit holds public data only")
					.contains("suppressed [CRITICAL] TEST-KMS-001 on orders")
					.contains("reason:  encrypted by the gateway upstream");
			});
	}

	@Test
	void suppressionOfOneResourceLeavesTheOthersEnforced() {
		this.contextRunner
			.withPropertyValues("ferry.hardening.mode=enforce", "ferry.hardening.suppressions[0].rule=TEST-KMS-001",
					"ferry.hardening.suppressions[0].resource=audit", "ferry.hardening.suppressions[0].reason=public data")
			.run(context -> {
				HardeningException hardening = findCause(context.getStartupFailure(), HardeningException.class);
				assertThat(hardening.report().findings()).extracting(Finding::resource).containsExactly("orders");
				assertThat(hardening.report().suppressed()).singleElement()
					.satisfies(suppressed -> assertThat(suppressed.finding().resource()).isEqualTo("audit"));
			});
	}

	@Test
	void suppressionOfAnUnknownRuleOrWithoutReasonFailsStartUp() {
		this.contextRunner
			.withPropertyValues("ferry.hardening.mode=warn", "ferry.hardening.suppressions[0].rule=TEST-KMS-01",
					"ferry.hardening.suppressions[0].reason=typo")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ferry.hardening.suppressions[0].rule")
				.hasMessageContaining("TEST-KMS-01'")
				.hasMessageContaining("TEST-KMS-001"));
		this.contextRunner.withPropertyValues("ferry.hardening.suppressions[0].rule=TEST-KMS-001")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Invalid ferry.hardening.suppressions[0].reason: is required"));
	}

	@Test
	void localStandInsSuppressKmsRulesWithTheReasonSoEnforceIsLivable(CapturedOutput output) {
		this.contextRunner.withPropertyValues("ferry.hardening.mode=enforce", "ferry.local.enabled=true")
			.run(context -> {
				assertThat(context).hasNotFailed();
				HardeningReport report = context.getBean(Ferry.class).inspect();
				assertThat(report.findings()).isEmpty();
				assertThat(report.suppressed()).hasSize(2)
					.allSatisfy(suppressed -> assertThat(suppressed.suppression().reason())
						.isEqualTo(FerryAutoConfiguration.LOCAL_KMS_REASON));
				assertThat(output).contains("suppressed [CRITICAL] TEST-KMS-001 on orders")
					.contains("ferry.local is on: the local stand-ins have no AWS KMS");
			});
	}

	@Test
	void invalidModeFailsBinding() {
		this.contextRunner.withPropertyValues("ferry.hardening.mode=sometimes")
			.run(context -> {
				BindException bind = findCause(context.getStartupFailure(), BindException.class);
				assertThat(bind.getProperty().getName()).hasToString("ferry.hardening.mode");
				assertThat(bind.getProperty().getValue()).isEqualTo("sometimes");
			});
	}

	@Test
	void configurationFailureIsAnalyzed() {
		this.contextRunner.withPropertyValues("ferry.destinations.billing.resource=billing").run(context -> {
			FailureAnalysis analysis = new FerryFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("ferry.destinations.billing.transport");
			assertThat(analysis.getAction()).contains("docs/configuration.md");
		});
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable current = failure;
		while (current != null) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = current.getCause();
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure);
	}

	/** Flags every destination: stands in for a real inspector finding unencrypted queues. */
	static final class UnencryptedInspector implements HardeningInspector {

		@Override
		public String name() {
			return "in-memory";
		}

		@Override
		public Set<String> ruleIds() {
			return Set.of("TEST-KMS-001");
		}

		@Override
		public List<Finding> inspect(Collection<Destination> destinations) {
			return destinations.stream()
				.map(destination -> new Finding("TEST-KMS-001", Severity.CRITICAL, destination.resource(),
						"not encrypted", "enable encryption", "https://example.org/kms"))
				.toList();
		}

	}

}
