/**
 * Spring Boot auto-configuration of Ferry: {@code ferry.*} properties, the runtime, publisher,
 * metrics and start-up failure analysis.
 */
@NullMarked
package dev.ferry.autoconfigure;

import org.jspecify.annotations.NullMarked;
