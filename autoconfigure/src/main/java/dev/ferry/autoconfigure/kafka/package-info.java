/** Auto-configuration of Ferry's Kafka / Amazon MSK transport. */
@NullMarked
package dev.ferry.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
