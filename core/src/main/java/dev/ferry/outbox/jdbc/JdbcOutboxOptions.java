package dev.ferry.outbox.jdbc;

import java.util.regex.Pattern;

import dev.ferry.core.FerryConfigurationException;

/**
 * Where {@link JdbcOutbox} keeps its entries. The table name is spliced into SQL, so it is checked
 * to be a plain identifier, optionally schema-qualified ({@code schema.table}).
 *
 * @param tableName the table, e.g. {@code ferry_outbox} or {@code messaging.ferry_outbox}
 */
public record JdbcOutboxOptions(String tableName) {

	/** Default table name, as in the shipped DDL. */
	public static final String DEFAULT_TABLE_NAME = "ferry_outbox";

	/** Unquoted identifiers within PostgreSQL's 63 characters (MariaDB allows 64). */
	private static final Pattern TABLE_NAME = Pattern
		.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

	public JdbcOutboxOptions {
		if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
			throw new FerryConfigurationException("JDBC outbox table-name must be an unquoted identifier "
					+ "(letters, digits, '_', not starting with a digit, at most 63 characters, optionally "
					+ "'schema.table'), was '" + tableName + "'");
		}
	}

	/** Options with the default table {@value #DEFAULT_TABLE_NAME}. */
	public static JdbcOutboxOptions defaults() {
		return new JdbcOutboxOptions(DEFAULT_TABLE_NAME);
	}

	/** The table name without its schema, for naming the table's index. */
	String unqualifiedTableName() {
		int dot = this.tableName.indexOf('.');
		return dot < 0 ? this.tableName : this.tableName.substring(dot + 1);
	}

}
