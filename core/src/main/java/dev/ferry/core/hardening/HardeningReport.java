package dev.ferry.core.hardening;

import java.util.Comparator;
import java.util.List;

/**
 * All findings of one start-up, worst first, with a readable rendering. Findings accepted by a
 * {@link Suppression} are listed apart, with their reason, and do not count as problems.
 *
 * @param findings findings that count
 * @param suppressed findings accepted by a suppression
 */
public record HardeningReport(List<Finding> findings, List<SuppressedFinding> suppressed) {

	private static final Comparator<Finding> WORST_FIRST = Comparator.comparing(Finding::severity)
		.reversed()
		.thenComparing(Finding::id)
		.thenComparing(Finding::resource);

	public HardeningReport {
		findings = findings.stream().sorted(WORST_FIRST).toList();
		suppressed = suppressed.stream()
			.sorted(Comparator.comparing(SuppressedFinding::finding, WORST_FIRST))
			.toList();
	}

	/** A report without suppressed findings. */
	public HardeningReport(List<Finding> findings) {
		this(findings, List.of());
	}

	/** Whether anything of WARNING or CRITICAL severity was found and not suppressed. */
	public boolean hasProblems() {
		return this.findings.stream().anyMatch(finding -> finding.severity() != Severity.INFO);
	}

	/** Multi-line text: one block per finding, then the suppressed ones with their reasons. */
	public String render() {
		if (this.findings.isEmpty() && this.suppressed.isEmpty()) {
			return "Ferry hardening: no findings.";
		}
		StringBuilder text = new StringBuilder("Ferry hardening: ").append(this.findings.size())
			.append(this.findings.size() == 1 ? " finding" : " findings");
		if (!this.suppressed.isEmpty()) {
			text.append(", ").append(this.suppressed.size()).append(" suppressed");
		}
		int index = 1;
		for (Finding finding : this.findings) {
			text.append(System.lineSeparator()).append(System.lineSeparator());
			block(text, index++ + ". ", finding);
		}
		for (SuppressedFinding suppressed : this.suppressed) {
			text.append(System.lineSeparator()).append(System.lineSeparator());
			block(text, "suppressed ", suppressed.finding());
			text.append(System.lineSeparator()).append("   reason:  ").append(suppressed.suppression().reason());
		}
		return text.toString();
	}

	private static void block(StringBuilder text, String label, Finding finding) {
		text.append(label).append('[').append(finding.severity()).append("] ").append(finding.id())
			.append(" on ").append(finding.resource())
			.append(System.lineSeparator()).append("   problem: ").append(finding.problem())
			.append(System.lineSeparator()).append("   fix:     ").append(finding.fix())
			.append(System.lineSeparator()).append("   see:     ").append(finding.docUrl());
	}

}
