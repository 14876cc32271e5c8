/**
 * An {@code IdempotencyStore} on a relational table reached through a plain
 * {@link javax.sql.DataSource}, shared by every instance of a service; portable across PostgreSQL
 * and MariaDB/MySQL.
 */
@NullMarked
package dev.ferry.idempotency.jdbc;

import org.jspecify.annotations.NullMarked;
