/**
 * The {@code sns-publish} scenario.
 */
@NullMarked
package dev.ferry.benchmarks.sns;

import org.jspecify.annotations.NullMarked;
