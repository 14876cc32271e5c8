package dev.ferry.test.idempotency;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The local database servers the JDBC store is tested on. They must be running: a test that needs
 * one fails with a message saying which server and how it is expected to be reachable.
 */
final class LocalDatabases {

	private LocalDatabases() {
	}

	/** PostgreSQL on 127.0.0.1:5432, database {@code test}, user {@code postgres}, trust auth. */
	static DataSource postgresql() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setServerNames(new String[] { "127.0.0.1" });
		dataSource.setPortNumbers(new int[] { 5432 });
		dataSource.setDatabaseName("test");
		dataSource.setUser("postgres");
		return reachable(dataSource, "PostgreSQL on 127.0.0.1:5432 (database test, user postgres, trust auth)");
	}

	/** MariaDB on 127.0.0.1:3306, database {@code test}, user {@code root} with an empty password. */
	static DataSource mariadb() {
		try {
			MariaDbDataSource dataSource = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/test");
			dataSource.setUser("root");
			dataSource.setPassword("");
			return reachable(dataSource, "MariaDB on 127.0.0.1:3306 (database test, user root, empty password)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("MariaDB data source could not be configured: " + ex.getMessage(), ex);
		}
	}

	/** A table name no other test run uses. */
	static String uniqueTableName(String prefix) {
		return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	static void drop(DataSource dataSource, String table) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS " + table);
		}
	}

	private static DataSource reachable(DataSource dataSource, String server) {
		try (Connection connection = dataSource.getConnection()) {
			if (!connection.isValid(5)) {
				throw new IllegalStateException(server + " answered but the connection is not valid");
			}
			return dataSource;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("These tests need " + server + " to be running; it is not reachable: "
					+ ex.getMessage(), ex);
		}
	}

}
