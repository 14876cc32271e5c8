/**
 * What Ferry's JDBC stores share: running the DDL files shipped with them. Not an API.
 */
@NullMarked
package dev.ferry.jdbc;

import org.jspecify.annotations.NullMarked;
