/**
 * Whole-process benchmark scenarios and JMH micro-benchmarks.
 */
@NullMarked
package dev.ferry.benchmarks;

import org.jspecify.annotations.NullMarked;
