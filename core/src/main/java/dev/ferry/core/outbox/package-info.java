/**
 * The transactional outbox: messages published inside a database transaction are stored in that
 * transaction and sent by a relay after it committed. {@link dev.ferry.core.outbox.Outbox} is the
 * store SPI; the engine's relay drives it.
 */
@NullMarked
package dev.ferry.core.outbox;

import org.jspecify.annotations.NullMarked;
