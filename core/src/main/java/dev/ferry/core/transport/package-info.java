@NullMarked
package dev.ferry.core.transport;

import org.jspecify.annotations.NullMarked;
