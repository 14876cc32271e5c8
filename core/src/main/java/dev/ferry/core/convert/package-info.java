@NullMarked
package dev.ferry.core.convert;

import org.jspecify.annotations.NullMarked;
