package dev.ferry.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.FerryException;

/**
 * Runs one of the DDL files Ferry ships for its tables ({@code schema-postgresql.sql},
 * {@code schema-mariadb.sql} in a resource folder) on the connected database. Those files are the
 * ones users copy into their own migrations, so creating the table from Ferry and from a migration
 * gives the same table. Used by the JDBC idempotency store and the JDBC outbox; not an API.
 *
 * <p>Written by hand rather than with Spring's {@code ScriptUtils}: the idempotency store needs
 * nothing but JDBC, and the shipped files only hold {@code --} comments and statements ended by
 * semicolons.
 */
public final class ShippedDdl {

	private final String resourceFolder;

	private final String table;

	/**
	 * @param resourceFolder the classpath folder of the DDL files, ending with a slash
	 * @param table what the files create, for messages ("outbox table")
	 */
	public ShippedDdl(String resourceFolder, String table) {
		this.resourceFolder = resourceFolder;
		this.table = table;
	}

	/**
	 * Runs the DDL of the connected database (PostgreSQL, MariaDB, MySQL 8) after {@code naming}
	 * put the configured table and index names in.
	 * @throws FerryConfigurationException for a database Ferry ships no DDL for
	 */
	public void run(Connection connection, UnaryOperator<String> naming) throws SQLException {
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
			throw new FerryConfigurationException("No " + this.table + " DDL for database " + product
					+ "; create the table yourself from " + this.resourceFolder + "schema-postgresql.sql");
		}
		try (Statement statement = connection.createStatement()) {
			for (String ddlStatement : statements(naming.apply(ddl))) {
				statement.execute(ddlStatement);
			}
		}
	}

	/** The statements of a DDL file: comments dropped, split at semicolons. */
	static List<String> statements(String sql) {
		StringBuilder code = new StringBuilder();
		for (String line : sql.split("\n")) {
			if (!line.strip().startsWith("--")) {
				code.append(line).append('\n');
			}
		}
		return Arrays.stream(code.toString().split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
	}

	private String load(String file) {
		try (InputStream in = ShippedDdl.class.getResourceAsStream(this.resourceFolder + file)) {
			if (in == null) {
				throw new FerryException("Missing resource " + this.resourceFolder + file + " in ferry-core");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new FerryException("Could not read " + this.resourceFolder + file + ": " + ex.getMessage(), ex);
		}
	}

}
