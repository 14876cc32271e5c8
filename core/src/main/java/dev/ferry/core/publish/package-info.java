@NullMarked
package dev.ferry.core.publish;

import org.jspecify.annotations.NullMarked;
