/**
 * Network faults for tests: a TCP relay that can cut a server off from its clients and restore it.
 */
@NullMarked
package dev.ferry.test.net;

import org.jspecify.annotations.NullMarked;
