package dev.ferry.core.hardening;

import java.util.Comparator;
import java.util.List;

/**
 * All findings of one start-up, worst first, with a readable rendering.
 */
public record HardeningReport(List<Finding> findings) {

	public HardeningReport {
		findings = findings.stream()
			.sorted(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::id)
				.thenComparing(Finding::resource))
			.toList();
	}

	/** Whether anything of WARNING or CRITICAL severity was found. */
	public boolean hasProblems() {
		return this.findings.stream().anyMatch(finding -> finding.severity() != Severity.INFO);
	}

	/** Multi-line text: one block per finding. */
	public String render() {
		if (this.findings.isEmpty()) {
			return "Ferry hardening: no findings.";
		}
		StringBuilder text = new StringBuilder("Ferry hardening: ").append(this.findings.size())
			.append(this.findings.size() == 1 ? " finding" : " findings");
		int index = 1;
		for (Finding finding : this.findings) {
			text.append(System.lineSeparator())
				.append(System.lineSeparator())
				.append(index++).append(". [").append(finding.severity()).append("] ").append(finding.id())
				.append(" on ").append(finding.resource())
				.append(System.lineSeparator()).append("   problem: ").append(finding.problem())
				.append(System.lineSeparator()).append("   fix:     ").append(finding.fix())
				.append(System.lineSeparator()).append("   see:     ").append(finding.docUrl());
		}
		return text.toString();
	}

}
