/**
 * The transactional outbox on a relational table, written through the application's Spring-managed
 * transaction; PostgreSQL and MariaDB (10.6 or later).
 */
@NullMarked
package dev.ferry.outbox.jdbc;

import org.jspecify.annotations.NullMarked;
