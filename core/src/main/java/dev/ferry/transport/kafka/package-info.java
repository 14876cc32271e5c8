/**
 * Kafka / Amazon MSK adapter: publishes with spring-kafka's {@code KafkaTemplate} (idempotent
 * producer, {@code acks=all}), consumes through spring-kafka listener containers with offsets
 * committed only after Ferry's pipeline decided, backs off in place per partition, dead-letters to
 * {@code <topic>.DLT}, authenticates to MSK with IAM, SCRAM (credentials from Secrets Manager) or
 * mTLS, and inspects topics with the AdminClient.
 */
@NullMarked
package dev.ferry.transport.kafka;

import org.jspecify.annotations.NullMarked;
