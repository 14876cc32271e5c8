/**
 * Auto-configuration of Ferry's Kinesis Data Streams transport (active when the Kinesis SDK and
 * the Kinesis Client Library are on the classpath: add {@code ferry-spring-boot-starter-kinesis}).
 */
@NullMarked
package dev.ferry.autoconfigure.kinesis;

import org.jspecify.annotations.NullMarked;
