package dev.ferry.autoconfigure;

import dev.ferry.core.hardening.HardeningException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows the whole hardening report when {@code ferry.hardening.mode=enforce} refused start-up.
 */
public final class HardeningFailureAnalyzer extends AbstractFailureAnalyzer<HardeningException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, HardeningException cause) {
		return new FailureAnalysis(cause.report().render(),
				"Fix the findings above (each names its fix), or set ferry.hardening.mode=warn to start anyway.",
				cause);
	}

}
