package dev.ferry.core.outbox;

import dev.ferry.core.transport.EncodedMessage;

/**
 * One message stored in the outbox, encoded exactly as it goes on the wire.
 *
 * @param id the outbox's sequence number: entries are relayed in id order
 * @param destination logical destination name
 * @param message the encoded message
 * @param attempts how many relay rounds tried to send it before
 */
public record OutboxEntry(long id, String destination, EncodedMessage message, int attempts) {
}
