package dev.ferry.core.hardening;

import dev.ferry.core.FerryException;

/** Start-up refused because {@code ferry.hardening.mode=enforce} and the report has problems. */
public class HardeningException extends FerryException {

	private final HardeningReport report;

	public HardeningException(HardeningReport report) {
		super(report.render() + System.lineSeparator() + System.lineSeparator()
				+ "Fix the findings above, accept one on purpose under ferry.hardening.suppressions (rule, resource, "
				+ "reason), or set ferry.hardening.mode=warn to start anyway.");
		this.report = report;
	}

	public HardeningReport report() {
		return this.report;
	}

}
