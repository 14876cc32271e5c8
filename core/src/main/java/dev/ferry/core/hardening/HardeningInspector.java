package dev.ferry.core.hardening;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.ferry.core.destination.Destination;

/**
 * Checks the real resources behind destinations at start-up and reports what is not production
 * grade. Inspectors only read; they never change a resource.
 */
public interface HardeningInspector {

	/** Name for the report (usually the transport's). */
	String name();

	/**
	 * Inspects the destinations this inspector's transport carries.
	 * @param destinations destinations of this inspector's transport
	 * @return findings; empty when all is well
	 */
	List<Finding> inspect(Collection<Destination> destinations);

	/**
	 * Every rule id this inspector can report ({@link Finding#id()}). A {@link Suppression} may only
	 * name a rule some inspector declares here, so a mistyped id fails start-up instead of
	 * suppressing nothing. The default, empty, suits inspectors written before suppressions existed;
	 * their rules then cannot be suppressed.
	 */
	default Set<String> ruleIds() {
		return Set.of();
	}

}
