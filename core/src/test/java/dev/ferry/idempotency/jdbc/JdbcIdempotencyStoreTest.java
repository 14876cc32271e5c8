package dev.ferry.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.FerryException;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the store contract (run in ferry-test) does not cover: the table name check, the shipped DDL
 * on both databases, keys that differ only in case or trailing spaces, purging and over-long keys.
 * Needs the local PostgreSQL (127.0.0.1:5432, database test, user postgres) and MariaDB
 * (127.0.0.1:3306, database test, root without password); fails saying so when one is down.
 */
class JdbcIdempotencyStoreTest {

	@ParameterizedTest
	@ValueSource(strings = { "postgresql", "mariadb" })
	void createTableIfMissingRunsTheShippedDdlTwiceWithoutHarm(String database) throws Exception {
		DataSource dataSource = dataSource(database);
		String table = "ferry_idem_ddl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource, new JdbcIdempotencyOptions(table));
		try {
			store.createTableIfMissing();
			store.createTableIfMissing();

			assertThat(store.acquire("Key", "a", Duration.ofSeconds(30)).decision()).isEqualTo(Decision.ACQUIRED);
			assertThat(store.acquire("key", "a", Duration.ofSeconds(30)).decision()).as("case matters")
				.isEqualTo(Decision.ACQUIRED);
			assertThat(store.acquire("key ", "a", Duration.ofSeconds(30)).decision()).as("trailing space matters")
				.isEqualTo(Decision.ACQUIRED);
			assertThat(store.acquire("gone", "a", Duration.ofSeconds(1)).decision()).isEqualTo(Decision.ACQUIRED);
			JdbcIdempotencyStore later = new JdbcIdempotencyStore(dataSource, new JdbcIdempotencyOptions(table),
					Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2)));
			assertThat(later.purgeExpired()).isEqualTo(1);
			assertThat(store.find("gone")).isEmpty();
			assertThat(store.find("Key")).isPresent();
		}
		finally {
			try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("DROP TABLE IF EXISTS " + table);
			}
		}
	}

	@Test
	void overLongKeysAreRejectedInsteadOfTruncated() {
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource("postgresql"), JdbcIdempotencyOptions.defaults());

		assertThatThrownBy(() -> store.acquire("k".repeat(256), "a", Duration.ofSeconds(1)))
			.isInstanceOf(FerryException.class).hasMessageContaining("longer than 255");
	}

	@Test
	void missingTableFailsNamingOperationKeyAndTable() {
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource("postgresql"),
				new JdbcIdempotencyOptions("ferry_idem_absent"));

		assertThatThrownBy(() -> store.acquire("k", "a", Duration.ofSeconds(1))).isInstanceOf(FerryException.class)
			.hasMessageContaining("acquire of key k in table ferry_idem_absent");
	}

	@Test
	void tableNameMustBeAPlainIdentifier() {
		assertThat(new JdbcIdempotencyOptions("messaging.ferry_idempotency").unqualifiedTableName())
			.isEqualTo("ferry_idempotency");
		for (String bad : new String[] { "", "1table", "t; DROP TABLE x", "a.b.c", "\"quoted\"", "t".repeat(64) }) {
			assertThatThrownBy(() -> new JdbcIdempotencyOptions(bad)).as(bad)
				.isInstanceOf(FerryConfigurationException.class)
				.hasMessageContaining("table-name");
		}
	}

	private static DataSource dataSource(String database) {
		try {
			DataSource dataSource;
			String server;
			if (database.equals("postgresql")) {
				PGSimpleDataSource postgres = new PGSimpleDataSource();
				postgres.setURL("jdbc:postgresql://127.0.0.1:5432/test");
				postgres.setUser("postgres");
				dataSource = postgres;
				server = "PostgreSQL on 127.0.0.1:5432 (database test, user postgres, trust auth)";
			}
			else {
				MariaDbDataSource mariadb = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/test");
				mariadb.setUser("root");
				mariadb.setPassword("");
				dataSource = mariadb;
				server = "MariaDB on 127.0.0.1:3306 (database test, user root, empty password)";
			}
			try (Connection connection = dataSource.getConnection()) {
				return dataSource;
			}
			catch (SQLException ex) {
				throw new IllegalStateException("This test needs " + server + " to be running: " + ex.getMessage(), ex);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
