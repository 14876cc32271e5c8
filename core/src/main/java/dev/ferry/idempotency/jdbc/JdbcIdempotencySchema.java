package dev.ferry.idempotency.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import dev.ferry.jdbc.ShippedDdl;

/**
 * Runs the shipped DDL of the connected database, with the configured table name. The DDL files
 * are the ones users copy into their own migrations, so both paths create the same table.
 */
final class JdbcIdempotencySchema {

	private static final String RESOURCE_FOLDER = "/dev/ferry/idempotency/jdbc/";

	private static final String DEFAULT_INDEX = JdbcIdempotencyOptions.DEFAULT_TABLE_NAME + "_expires_at";

	/** Room for the "_expires_at" suffix within PostgreSQL's 63-character identifiers. */
	private static final int INDEX_PREFIX_LENGTH = 63 - "_expires_at".length();

	private final JdbcIdempotencyOptions options;

	JdbcIdempotencySchema(JdbcIdempotencyOptions options) {
		this.options = options;
	}

	void createIfMissing(Connection connection) throws SQLException {
		String unqualified = this.options.unqualifiedTableName();
		String index = unqualified.substring(0, Math.min(unqualified.length(), INDEX_PREFIX_LENGTH)) + "_expires_at";
		new ShippedDdl(RESOURCE_FOLDER, "idempotency table").run(connection, ddl -> ddl.replace(DEFAULT_INDEX, index)
			.replaceAll("\\b" + JdbcIdempotencyOptions.DEFAULT_TABLE_NAME + "\\b", this.options.tableName()));
	}

}
