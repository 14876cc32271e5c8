@NullMarked
package dev.ferry.core.consume;

import org.jspecify.annotations.NullMarked;
