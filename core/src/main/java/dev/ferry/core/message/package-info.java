@NullMarked
package dev.ferry.core.message;

import org.jspecify.annotations.NullMarked;
