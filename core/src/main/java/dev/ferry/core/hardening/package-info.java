@NullMarked
package dev.ferry.core.hardening;

import org.jspecify.annotations.NullMarked;
