/** The {@code eventbridge-publish} scenario. */
@NullMarked
package dev.ferry.benchmarks.eventbridge;

import org.jspecify.annotations.NullMarked;
