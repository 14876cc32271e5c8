package dev.ferry.core.hardening;

/** What start-up does with hardening findings ({@code ferry.hardening.mode}). */
public enum HardeningMode {

	/** Inspect nothing. */
	OFF,
	/** Log the report. */
	WARN,
	/** Fail start-up with the report when there is any WARNING or CRITICAL finding. */
	ENFORCE

}
