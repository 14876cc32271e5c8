/**
 * Operations: Actuator health contributors, the {@code ferry} endpoint (read: destinations,
 * listeners, hardening report, dead-letter depth; write: pause, resume, redrive) and backlog gauges.
 */
@NullMarked
package dev.ferry.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
