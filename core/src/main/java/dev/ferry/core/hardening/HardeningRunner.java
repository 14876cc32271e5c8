package dev.ferry.core.hardening;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import dev.ferry.core.destination.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every inspector once and applies the mode: logs the one consolidated report, or throws
 * {@link HardeningException} with it. An inspector that itself fails becomes a finding, so one
 * broken inspector neither hides the others nor passes silently.
 */
public final class HardeningRunner {

	private static final Logger logger = LoggerFactory.getLogger(HardeningRunner.class);

	private final HardeningMode mode;

	public HardeningRunner(HardeningMode mode) {
		this.mode = mode;
	}

	/**
	 * @param inspectors inspectors with the destinations each one covers
	 */
	public HardeningReport run(List<HardeningInspector> inspectors,
			Function<HardeningInspector, Collection<Destination>> destinationsOf) {
		if (this.mode == HardeningMode.OFF) {
			return new HardeningReport(List.of());
		}
		List<Finding> findings = new ArrayList<>();
		for (HardeningInspector inspector : inspectors) {
			Collection<Destination> destinations = destinationsOf.apply(inspector);
			if (destinations.isEmpty()) {
				continue;
			}
			try {
				findings.addAll(inspector.inspect(destinations));
			}
			catch (RuntimeException ex) {
				findings.add(new Finding("FERRY-INSPECT-001", Severity.WARNING, inspector.name(),
						"Inspector failed: " + ex, "Check the credentials and permissions Ferry uses to read "
								+ "resource attributes",
						"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html"));
			}
		}
		HardeningReport report = new HardeningReport(findings);
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

}
