package dev.ferry.core.hardening;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every inspector once and applies the mode: logs the one consolidated report, or throws
 * {@link HardeningException} with it. An inspector that itself fails becomes a finding, so one
 * broken inspector neither hides the others nor passes silently. Findings a {@link Suppression}
 * covers are reported as suppressed, with the reason, and never fail {@link HardeningMode#ENFORCE}.
 */
public final class HardeningRunner {

	/** Rule id of the finding that stands for an inspector that failed. */
	public static final String INSPECTOR_FAILED = "FERRY-INSPECT-001";

	private static final Logger logger = LoggerFactory.getLogger(HardeningRunner.class);

	private final HardeningMode mode;

	private final List<Suppression> suppressions;

	public HardeningRunner(HardeningMode mode) {
		this(mode, List.of());
	}

	public HardeningRunner(HardeningMode mode, List<Suppression> suppressions) {
		this.mode = mode;
		this.suppressions = List.copyOf(suppressions);
	}

	/**
	 * @param inspectors inspectors with the destinations each one covers
	 * @throws FerryConfigurationException when a suppression names a rule no inspector knows (in
	 * every mode, so a typo surfaces before it matters)
	 */
	public HardeningReport run(List<HardeningInspector> inspectors,
			Function<HardeningInspector, Collection<Destination>> destinationsOf) {
		checkRuleIds(inspectors);
		if (this.mode == HardeningMode.OFF) {
			return new HardeningReport(List.of());
		}
		List<Finding> findings = new ArrayList<>();
		List<SuppressedFinding> suppressed = new ArrayList<>();
		for (HardeningInspector inspector : inspectors) {
			Collection<Destination> destinations = destinationsOf.apply(inspector);
			if (destinations.isEmpty()) {
				continue;
			}
			List<Finding> found;
			try {
				found = inspector.inspect(destinations);
			}
			catch (RuntimeException ex) {
				found = List.of(new Finding(INSPECTOR_FAILED, Severity.WARNING, inspector.name(),
						"Inspector failed: " + ex, "Check the credentials and permissions Ferry uses to read "
								+ "resource attributes",
						"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html"));
			}
			for (Finding finding : found) {
				Suppression suppression = this.suppressions.stream()
					.filter(candidate -> candidate.matches(finding))
					.findFirst()
					.orElse(null);
				if (suppression != null) {
					suppressed.add(new SuppressedFinding(finding, suppression));
				}
				else {
					findings.add(finding);
				}
			}
		}
		HardeningReport report = new HardeningReport(findings, suppressed);
		if (this.mode == HardeningMode.ENFORCE && report.hasProblems()) {
			throw new HardeningException(report);
		}
		if (report.findings().isEmpty()) {
			logger.info(report.render());
		}
		else {
			logger.warn(report.render());
		}
		return report;
	}

	private void checkRuleIds(List<HardeningInspector> inspectors) {
		Set<String> known = new TreeSet<>();
		known.add(INSPECTOR_FAILED);
		inspectors.forEach(inspector -> known.addAll(inspector.ruleIds()));
		for (int i = 0; i < this.suppressions.size(); i++) {
			String ruleId = this.suppressions.get(i).ruleId();
			if (!known.contains(ruleId)) {
				throw new FerryConfigurationException("Invalid ferry.hardening.suppressions[" + i + "].rule: no "
						+ "inspector knows rule '" + ruleId + "'. Known rules: " + known);
			}
		}
	}

}
