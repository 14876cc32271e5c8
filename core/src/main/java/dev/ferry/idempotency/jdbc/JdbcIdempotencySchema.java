package dev.ferry.idempotency.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.FerryException;

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
		String product = connection.getMetaData().getDatabaseProductName();
		String lower = product.toLowerCase(Locale.ROOT);
		String ddl;
		if (lower.contains("postgres")) {
			ddl = load("schema-postgresql.sql");
		}
		else if (lower.contains("mariadb")) {
			ddl = load("schema-mariadb.sql");
		}
		else if (lower.contains("mysql")) {
			// MySQL 8 has no utf8mb4_nopad_bin; utf8mb4_0900_bin is its binary no-pad collation.
			ddl = load("schema-mariadb.sql").replace("utf8mb4_nopad_bin", "utf8mb4_0900_bin");
		}
		else {
			throw new FerryConfigurationException("No idempotency table DDL for database " + product
					+ "; create table " + this.options.tableName() + " yourself from "
					+ RESOURCE_FOLDER + "schema-postgresql.sql");
		}
		String unqualified = this.options.unqualifiedTableName();
		String index = unqualified.substring(0, Math.min(unqualified.length(), INDEX_PREFIX_LENGTH)) + "_expires_at";
		String sql = ddl.replace(DEFAULT_INDEX, index)
			.replaceAll("\\b" + JdbcIdempotencyOptions.DEFAULT_TABLE_NAME + "\\b", this.options.tableName());
		try (Statement statement = connection.createStatement()) {
			for (String ddlStatement : statements(sql)) {
				statement.execute(ddlStatement);
			}
		}
	}

	/** The statements of a DDL file: comments dropped, split at semicolons. */
	private static List<String> statements(String sql) {
		StringBuilder code = new StringBuilder();
		for (String line : sql.split("\n")) {
			if (!line.strip().startsWith("--")) {
				code.append(line).append('\n');
			}
		}
		return Arrays.stream(code.toString().split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
	}

	private static String load(String file) {
		try (InputStream in = JdbcIdempotencySchema.class.getResourceAsStream(RESOURCE_FOLDER + file)) {
			if (in == null) {
				throw new FerryException("Missing resource " + RESOURCE_FOLDER + file + " in ferry-core");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new FerryException("Could not read " + RESOURCE_FOLDER + file + ": " + ex.getMessage(), ex);
		}
	}

}
