@NullMarked
package dev.ferry.test.aws.sns;

import org.jspecify.annotations.NullMarked;
