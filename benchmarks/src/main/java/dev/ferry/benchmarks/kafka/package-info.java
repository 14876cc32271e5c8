/** Kafka benchmark scenarios ({@code kafka-publish}, {@code kafka-consume}) on an embedded KRaft broker. */
@NullMarked
package dev.ferry.benchmarks.kafka;

import org.jspecify.annotations.NullMarked;
