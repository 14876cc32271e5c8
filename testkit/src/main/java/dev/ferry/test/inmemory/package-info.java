/**
 * Assertions and helpers for tests of applications that run Ferry on the in-memory transport.
 */
@NullMarked
package dev.ferry.test.inmemory;

import org.jspecify.annotations.NullMarked;
