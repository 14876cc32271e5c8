/** The {@code kinesis-publish} and {@code kinesis-consume} scenarios, on moto. */
@NullMarked
package dev.ferry.benchmarks.kinesis;

import org.jspecify.annotations.NullMarked;
