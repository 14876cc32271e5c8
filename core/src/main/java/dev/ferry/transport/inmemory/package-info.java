@NullMarked
package dev.ferry.transport.inmemory;

import org.jspecify.annotations.NullMarked;
