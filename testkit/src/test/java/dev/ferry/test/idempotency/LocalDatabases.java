package dev.ferry.test.idempotency;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import dev.ferry.test.jdbc.TestDatabases;

/**
 * The databases the JDBC store is tested on ({@link TestDatabases}): a server when it answers, an
 * embedded PostgreSQL otherwise; a test whose database is missing is skipped with a message.
 */
final class LocalDatabases {

	private LocalDatabases() {
	}

	static DataSource postgresql() {
		return TestDatabases.postgresql();
	}

	static DataSource mariadb() {
		return TestDatabases.mariadb();
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

}
