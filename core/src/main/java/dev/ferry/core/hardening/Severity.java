package dev.ferry.core.hardening;

/** How much a finding matters. */
public enum Severity {

	/** Worth knowing; not a risk by itself. */
	INFO,
	/** A risk in production. */
	WARNING,
	/** Loses or exposes data, or breaks delivery guarantees. */
	CRITICAL

}
