/**
 * Crash tests of the transactional inbox and outbox: consumers and publishers run in child JVMs
 * that are killed with SIGKILL, and a later instance finishes the work.
 */
@NullMarked
package dev.ferry.test.crash;

import org.jspecify.annotations.NullMarked;
