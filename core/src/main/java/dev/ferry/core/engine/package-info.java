@NullMarked
package dev.ferry.core.engine;

import org.jspecify.annotations.NullMarked;
