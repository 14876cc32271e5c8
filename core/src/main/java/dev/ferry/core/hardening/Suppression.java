package dev.ferry.core.hardening;

import java.util.Objects;
import java.util.regex.Pattern;

import dev.ferry.core.FerryConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * A finding the user accepts on purpose: rule {@code ruleId}, on every resource or on those matching
 * {@code resourcePattern}, for a stated {@code reason}. A suppressed finding is still reported, as
 * suppressed and with the reason; it only stops counting against {@link HardeningMode#ENFORCE}.
 *
 * <p>The pattern is a glob over {@link Finding#resource()} (a queue ARN or URL, a topic): {@code *}
 * matches any run of characters, everything else matches itself, e.g.
 * {@code arn:aws:sqs:*:*:orders-*}. A glob, not a regular expression, because resource names are
 * full of characters ({@code .}, {@code :}, {@code /}) that a regular expression would misread.
 *
 * @param ruleId the rule id, e.g. {@code SQS-KMS-001}; must be one an inspector knows
 * @param resourcePattern glob over the finding's resource; null suppresses the rule everywhere
 * @param reason why the finding is accepted; required, and printed with the finding
 */
public record Suppression(String ruleId, @Nullable String resourcePattern, String reason) {

	public Suppression {
		Objects.requireNonNull(ruleId, "ruleId");
		Objects.requireNonNull(reason, "reason");
		if (ruleId.isBlank()) {
			throw new FerryConfigurationException("A hardening suppression needs a rule id (e.g. SQS-KMS-001)");
		}
		if (reason.isBlank()) {
			throw new FerryConfigurationException("The hardening suppression of " + ruleId
					+ " needs a reason: say why the finding is accepted");
		}
		ruleId = ruleId.trim();
		resourcePattern = resourcePattern == null || resourcePattern.isBlank() ? null : resourcePattern.trim();
	}

	/** Whether this suppression covers the finding. */
	public boolean matches(Finding finding) {
		return this.ruleId.equals(finding.id())
				&& (this.resourcePattern == null || glob(this.resourcePattern).matcher(finding.resource()).matches());
	}

	private static Pattern glob(String glob) {
		StringBuilder regex = new StringBuilder();
		int start = 0;
		for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', start)) {
			regex.append(Pattern.quote(glob.substring(start, star))).append(".*");
			start = star + 1;
		}
		return Pattern.compile(regex.append(Pattern.quote(glob.substring(start))).toString());
	}

}
