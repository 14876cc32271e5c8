/**
 * Kafka test support: an embedded KRaft broker (optionally with a SASL/SCRAM-SHA-512 listener)
 * and a Secrets Manager stand-in speaking the real AWS JSON 1.1 protocol for GetSecretValue.
 */
@NullMarked
package dev.ferry.test.kafka;

import org.jspecify.annotations.NullMarked;
