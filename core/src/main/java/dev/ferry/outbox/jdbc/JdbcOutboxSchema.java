package dev.ferry.outbox.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import dev.ferry.jdbc.ShippedDdl;

/**
 * Runs the shipped outbox DDL of the connected database with the configured table name. The DDL
 * files are the ones users copy into their own migrations, so both paths create the same table.
 */
final class JdbcOutboxSchema {

	static final String RESOURCE_FOLDER = "/dev/ferry/outbox/jdbc/";

	private static final String DEFAULT_INDEX = JdbcOutboxOptions.DEFAULT_TABLE_NAME + "_key";

	/** Room for the "_key" suffix within PostgreSQL's 63-character identifiers. */
	private static final int INDEX_PREFIX_LENGTH = 63 - "_key".length();

	private final JdbcOutboxOptions options;

	JdbcOutboxSchema(JdbcOutboxOptions options) {
		this.options = options;
	}

	void createIfMissing(Connection connection) throws SQLException {
		String unqualified = this.options.unqualifiedTableName();
		String index = unqualified.substring(0, Math.min(unqualified.length(), INDEX_PREFIX_LENGTH)) + "_key";
		new ShippedDdl(RESOURCE_FOLDER, "outbox table").run(connection, ddl -> ddl.replace(DEFAULT_INDEX, index)
			.replaceAll("\\b" + JdbcOutboxOptions.DEFAULT_TABLE_NAME + "\\b", this.options.tableName()));
	}

}
