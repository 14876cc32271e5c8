/**
 * Trace context across messages: {@link dev.ferry.core.observation.TracePropagation} carries the
 * current trace (W3C {@code traceparent}/{@code tracestate}) into outbound message headers and
 * restores it around the handler of a received message. {@link ObservationTracePropagation}
 * implements it on Micrometer's Observation API, an optional dependency.
 */
@NullMarked
package dev.ferry.core.observation;

import org.jspecify.annotations.NullMarked;
