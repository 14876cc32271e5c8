/**
 * Auto-configuration of the transactional inbox and outbox on the application's DataSource and
 * transaction manager.
 */
@NullMarked
package dev.ferry.autoconfigure.transaction;

import org.jspecify.annotations.NullMarked;
