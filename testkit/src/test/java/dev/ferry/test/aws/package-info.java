@NullMarked
package dev.ferry.test.aws;

import org.jspecify.annotations.NullMarked;
