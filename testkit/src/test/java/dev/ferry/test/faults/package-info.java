/**
 * The fault suite: the real Ferry engine on real transports (ElasticMQ for SQS, an embedded KRaft
 * broker for Kafka) through a backend outage, poison messages, concurrent duplicates and malformed
 * input, with the figures (sent, delivered, failed-reported, lost, duplicated, dead-lettered) printed.
 */
@NullMarked
package dev.ferry.test.faults;

import org.jspecify.annotations.NullMarked;
