package dev.ferry.idempotency.jdbc;

import java.util.regex.Pattern;

import dev.ferry.core.FerryConfigurationException;

/**
 * Where {@link JdbcIdempotencyStore} keeps its records. The table name is spliced into SQL, so it
 * is checked to be a plain identifier, optionally schema-qualified ({@code schema.table}).
 *
 * @param tableName the table, e.g. {@code ferry_idempotency} or {@code messaging.ferry_idempotency}
 */
public record JdbcIdempotencyOptions(String tableName) {

	/** Default table name, as in the shipped DDL. */
	public static final String DEFAULT_TABLE_NAME = "ferry_idempotency";

	/**
	 * Unquoted identifiers of at most 63 characters: PostgreSQL's limit (NAMEDATALEN - 1,
	 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS);
	 * MariaDB allows 64 (https://mariadb.com/kb/en/identifier-names/).
	 */
	private static final Pattern TABLE_NAME = Pattern
		.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

	public JdbcIdempotencyOptions {
		if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
			throw new FerryConfigurationException("JDBC idempotency table-name must be an unquoted identifier "
					+ "(letters, digits, '_', not starting with a digit, at most 63 characters, optionally "
					+ "'schema.table'), was '" + tableName + "'");
		}
	}

	/** Options with the default table {@value #DEFAULT_TABLE_NAME}. */
	public static JdbcIdempotencyOptions defaults() {
		return new JdbcIdempotencyOptions(DEFAULT_TABLE_NAME);
	}

	/** The table name without its schema, for naming the table's index. */
	String unqualifiedTableName() {
		int dot = this.tableName.indexOf('.');
		return dot < 0 ? this.tableName : this.tableName.substring(dot + 1);
	}

}
