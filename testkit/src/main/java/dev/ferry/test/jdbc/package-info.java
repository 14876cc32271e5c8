/**
 * Databases for JDBC tests: the local PostgreSQL and MariaDB servers, or an embedded PostgreSQL
 * where no server answers.
 */
@NullMarked
package dev.ferry.test.jdbc;

import org.jspecify.annotations.NullMarked;
