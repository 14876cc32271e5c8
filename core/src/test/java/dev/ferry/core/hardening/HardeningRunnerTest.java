package dev.ferry.core.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;

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

	private static HardeningInspector inspector(Finding... findings) {
		return new HardeningInspector() {
			@Override
			public String name() {
				return "test";
			}

			@Override
			public List<Finding> inspect(Collection<Destination> destinations) {
				return List.of(findings);
			}
		};
	}

}
