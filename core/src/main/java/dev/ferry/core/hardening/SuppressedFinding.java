package dev.ferry.core.hardening;

import java.util.Objects;

/**
 * A finding a {@link Suppression} accepted: reported with the suppression's reason, never hidden.
 *
 * @param finding what the inspector found
 * @param suppression the suppression that accepted it
 */
public record SuppressedFinding(Finding finding, Suppression suppression) {

	public SuppressedFinding {
		Objects.requireNonNull(finding, "finding");
		Objects.requireNonNull(suppression, "suppression");
	}

}
