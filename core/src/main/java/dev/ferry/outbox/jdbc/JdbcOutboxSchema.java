package dev.ferry.outbox.jdbc;

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
 * Runs the shipped outbox DDL of the connected database with the configured table name. The DDL
 * files are the ones users copy into their own migrations, so both paths create the same table.
 */
final class JdbcOutboxSchema {

	static final String RESOURCE_FOLDER = "/dev/ferry/outbox/jdbc/";

	private static final String DEFAULT_INDEX = JdbcOutboxOptions.DEFAULT_TABLE_NAME + "_key";

	private final JdbcOutboxOptions options;

	JdbcOutboxSchema(JdbcOutboxOptions options) {
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
		else {
			throw new FerryConfigurationException("No outbox table DDL for database " + product + "; create table "
					+ this.options.tableName() + " yourself from " + RESOURCE_FOLDER + "schema-postgresql.sql");
		}
		String unqualified = this.options.unqualifiedTableName();
		String index = unqualified.substring(0, Math.min(unqualified.length(), 59)) + "_key";
		String sql = ddl.replace(DEFAULT_INDEX, index)
			.replaceAll("\\b" + JdbcOutboxOptions.DEFAULT_TABLE_NAME + "\\b", this.options.tableName());
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
		try (InputStream in = JdbcOutboxSchema.class.getResourceAsStream(RESOURCE_FOLDER + file)) {
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
