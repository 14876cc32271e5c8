@NullMarked
package dev.ferry.core.destination;

import org.jspecify.annotations.NullMarked;
