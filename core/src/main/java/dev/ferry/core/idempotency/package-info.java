@NullMarked
package dev.ferry.core.idempotency;

import org.jspecify.annotations.NullMarked;
