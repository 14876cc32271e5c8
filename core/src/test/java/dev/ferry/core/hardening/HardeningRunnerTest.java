package dev.ferry.core.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.ferry.core.FerryConfigurationException;

import dev.ferry.core.destination.Destination;
import org.junit.jupiter.api.Test;

class HardeningRunnerTest {

	private static final List<Destination> DESTINATIONS = List.of(Destination.of("orders", "sqs", "orders"));

	private final HardeningInspector failingRules = inspector(
			new Finding("SQS-KMS-001", Severity.CRITICAL, "orders", "no CMK", "set KmsMasterKeyId", "https://docs"),
			new Finding("SQS-POLL-001", Severity.WARNING, "orders", "short polling", "set wait time 20", "https://docs"));

	@Test
	void enforceFailsWithOneReportListingEveryFinding() {
		HardeningRunner runner = new HardeningRunner(HardeningMode.ENFORCE);

		assertThatThrownBy(() -> runner.run(List.of(this.failingRules), inspector -> DESTINATIONS))
			.isInstanceOf(HardeningException.class)
			.hasMessageContaining("2 findings")
			.hasMessageContaining("SQS-KMS-001")
			.hasMessageContaining("SQS-POLL-001")
			.hasMessageContaining("ferry.hardening.mode=warn")
			.satisfies(ex -> assertThat(((HardeningException) ex).report().findings()).hasSize(2));
	}

	@Test
	void warnReportsWorstFirstWithoutFailing() {
		HardeningReport report = new HardeningRunner(HardeningMode.WARN).run(List.of(this.failingRules),
				inspector -> DESTINATIONS);

		assertThat(report.findings()).extracting(Finding::severity).containsExactly(Severity.CRITICAL, Severity.WARNING);
		assertThat(report.render()).contains("fix:     set KmsMasterKeyId");
	}

	@Test
	void enforcePassesWhenOnlyInformationIsFound() {
		HardeningInspector info = inspector(new Finding("KAFKA-RF-000", Severity.INFO, "t", "skipped", "none", "https://d"));

		HardeningReport report = new HardeningRunner(HardeningMode.ENFORCE).run(List.of(info), inspector -> DESTINATIONS);

		assertThat(report.hasProblems()).isFalse();
	}

	@Test
	void offInspectsNothingAndABrokenInspectorBecomesAFinding() {
		HardeningInspector broken = new HardeningInspector() {
			@Override
			public String name() {
				return "broken";
			}

			@Override
			public List<Finding> inspect(Collection<Destination> destinations) {
				throw new IllegalStateException("AccessDenied");
			}
		};

		assertThat(new HardeningRunner(HardeningMode.OFF).run(List.of(broken), inspector -> DESTINATIONS).findings())
			.isEmpty();
		assertThat(new HardeningRunner(HardeningMode.WARN).run(List.of(broken), inspector -> DESTINATIONS).findings())
			.singleElement()
			.satisfies(finding -> assertThat(finding.problem()).contains("AccessDenied"));
	}

	@Test
	void suppressedFindingIsReportedWithItsReasonAndDoesNotFailEnforce() {
		HardeningInspector rules = inspector(
				new Finding("SQS-KMS-001", Severity.CRITICAL, "arn:aws:sqs:us-east-1:1:orders", "no CMK", "set key", "https://d"),
				new Finding("SQS-KMS-001", Severity.CRITICAL, "arn:aws:sqs:us-east-1:1:audit", "no CMK", "set key", "https://d"),
				new Finding("SQS-POLL-001", Severity.INFO, "arn:aws:sqs:us-east-1:1:orders", "short", "wait 20", "https://d"));
		List<Suppression> suppressions = List.of(new Suppression("SQS-KMS-001", "arn:aws:sqs:*:orders",
				"orders carries no personal data; SSE-SQS accepted by security review 42"));

		HardeningReport report = new HardeningRunner(HardeningMode.ENFORCE, List.of(new Suppression("SQS-KMS-001", null,
				"every queue of this service is public data"))).run(List.of(rules), inspector -> DESTINATIONS);
		assertThat(report.findings()).extracting(Finding::id).containsExactly("SQS-POLL-001");
		assertThat(report.suppressed()).hasSize(2);
		assertThat(report.render()).contains("2 suppressed", "suppressed [CRITICAL] SQS-KMS-001 on arn:aws:sqs:us-east-1:1:audit",
				"reason:  every queue of this service is public data");

		assertThatThrownBy(() -> new HardeningRunner(HardeningMode.ENFORCE, suppressions).run(List.of(rules),
				inspector -> DESTINATIONS))
			.isInstanceOf(HardeningException.class)
			.satisfies(ex -> {
				HardeningReport partial = ((HardeningException) ex).report();
				assertThat(partial.findings()).extracting(Finding::resource).contains("arn:aws:sqs:us-east-1:1:audit")
					.doesNotContain("arn:aws:sqs:us-east-1:1:orders:x");
				assertThat(partial.suppressed()).singleElement()
					.satisfies(suppressed -> assertThat(suppressed.finding().resource()).endsWith(":orders"));
			})
			.hasMessageContaining("SSE-SQS accepted by security review 42");
	}

	@Test
	void suppressionOfAnUnknownRuleFailsInEveryMode() {
		for (HardeningMode mode : HardeningMode.values()) {
			assertThatThrownBy(() -> new HardeningRunner(mode, List.of(new Suppression("SQS-KMS-01", null, "typo")))
				.run(List.of(this.failingRules), inspector -> DESTINATIONS))
				.isInstanceOf(FerryConfigurationException.class)
				.hasMessageContaining("ferry.hardening.suppressions[0].rule")
				.hasMessageContaining("SQS-KMS-01'")
				.hasMessageContaining("SQS-KMS-001");
		}
	}

	@Test
	void suppressionNeedsAReason() {
		assertThatThrownBy(() -> new Suppression("SQS-KMS-001", null, " "))
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("needs a reason");
	}

	private static HardeningInspector inspector(Finding... findings) {
		return new HardeningInspector() {
			@Override
			public String name() {
				return "test";
			}

			@Override
			public Set<String> ruleIds() {
				Set<String> ids = new java.util.TreeSet<>(Set.of("SQS-KMS-001", "SQS-POLL-001"));
				for (Finding finding : findings) {
					ids.add(finding.id());
				}
				return ids;
			}

			@Override
			public List<Finding> inspect(Collection<Destination> destinations) {
				return List.of(findings);
			}
		};
	}

}
