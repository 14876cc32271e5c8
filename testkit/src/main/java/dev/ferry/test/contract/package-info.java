/**
 * The transport contract suite: one set of tests every Ferry transport must pass.
 */
@NullMarked
package dev.ferry.test.contract;

import org.jspecify.annotations.NullMarked;
