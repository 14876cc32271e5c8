@NullMarked
package dev.ferry.core.deadletter;

import org.jspecify.annotations.NullMarked;
