package dev.ferry.core.hardening;

import java.util.Collection;
import java.util.List;

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

}
