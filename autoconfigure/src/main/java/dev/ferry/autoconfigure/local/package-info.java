/**
 * {@code ferry.local}: local stand-ins (embedded ElasticMQ, ...) started before the AWS clients.
 */
@NullMarked
package dev.ferry.autoconfigure.local;

import org.jspecify.annotations.NullMarked;
