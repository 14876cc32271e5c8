/**
 * Classes a hostile sender might name in a message's type header. No listener declares a type of
 * this package, so it is trusted only when a test configures it.
 */
@NullMarked
package dev.ferry.testgadget;

import org.jspecify.annotations.NullMarked;
