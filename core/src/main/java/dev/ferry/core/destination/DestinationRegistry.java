package dev.ferry.core.destination;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.core.FerryConfigurationException;

/** The configured destinations by logical name. Immutable. */
public final class DestinationRegistry {

	private final Map<String, Destination> destinations;

	public DestinationRegistry(Collection<Destination> destinations) {
		Map<String, Destination> byName = new LinkedHashMap<>();
		for (Destination destination : destinations) {
			if (byName.put(destination.name(), destination) != null) {
				throw new FerryConfigurationException("Destination '" + destination.name() + "' is defined twice");
			}
		}
		this.destinations = Collections.unmodifiableMap(byName);
	}

	/**
	 * The destination with the given logical name.
	 * @throws FerryConfigurationException naming the property to add when it is unknown
	 */
	public Destination get(String name) {
		Destination destination = this.destinations.get(name);
		if (destination == null) {
			throw new FerryConfigurationException("Unknown destination '" + name + "'. Define it under ferry.destinations."
					+ name + " (known: " + this.destinations.keySet() + ")");
		}
		return destination;
	}

	public boolean contains(String name) {
		return this.destinations.containsKey(name);
	}

	public Collection<Destination> all() {
		return this.destinations.values();
	}

}
