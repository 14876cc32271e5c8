package dev.ferry.test.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import dev.ferry.core.FerryException;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the store contract does not cover: the shipped DDL on both databases, keys that differ only in
 * case or trailing spaces, purging, over-long keys and a missing table. PostgreSQL is the local server
 * or an embedded one; MariaDB cases skip with a message where no server answers ({@link LocalDatabases}).
 */
class JdbcIdempotencyStoreDatabaseTests {

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

	private static DataSource dataSource(String database) {
		return database.equals("postgresql") ? LocalDatabases.postgresql() : LocalDatabases.mariadb();
	}

}
