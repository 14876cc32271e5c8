/**
 * Auto-configuration of Ferry's SNS transport.
 */
@NullMarked
package dev.ferry.autoconfigure.sns;

import org.jspecify.annotations.NullMarked;
