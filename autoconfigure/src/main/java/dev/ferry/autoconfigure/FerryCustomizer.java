package dev.ferry.autoconfigure;

import dev.ferry.core.engine.Ferry;

/**
 * Adjusts the {@link Ferry.Builder} after the auto-configuration has applied the properties and
 * beans, before the runtime is built. Customizers run in {@link org.springframework.core.Ordered}
 * order.
 */
@FunctionalInterface
public interface FerryCustomizer {

	void customize(Ferry.Builder builder);

}
