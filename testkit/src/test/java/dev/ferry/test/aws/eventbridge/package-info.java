@NullMarked
package dev.ferry.test.aws.eventbridge;

import org.jspecify.annotations.NullMarked;
