/**
 * The {@code pipeline} scenario and its JMH twin.
 */
@NullMarked
package dev.ferry.benchmarks.pipeline;

import org.jspecify.annotations.NullMarked;
