/** Auto-configuration of Ferry's EventBridge transport. */
@NullMarked
package dev.ferry.autoconfigure.eventbridge;

import org.jspecify.annotations.NullMarked;
