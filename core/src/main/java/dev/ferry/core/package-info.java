@NullMarked
package dev.ferry.core;

import org.jspecify.annotations.NullMarked;
