package dev.ferry.autoconfigure;

import dev.ferry.core.FerryConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up refused for bad Ferry configuration: the exception's message names the
 * property or method and the fix.
 */
public final class FerryFailureAnalyzer extends AbstractFailureAnalyzer<FerryConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, FerryConfigurationException cause) {
		return new FailureAnalysis("Ferry configuration is invalid: " + cause.getMessage(),
				"Fix the property or @FerryListener named above. Every ferry.* property is described in "
						+ "docs/configuration.md.",
				cause);
	}

}
