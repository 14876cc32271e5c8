package dev.ferry.test.idempotency;

import java.time.Clock;

import javax.sql.DataSource;

import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The JDBC store passes the store contract on the local MariaDB, in a table of its own. */
class MariaDbIdempotencyStoreContractTests extends IdempotencyStoreContractTests {

	private static DataSource dataSource;

	private static String table;

	@BeforeAll
	static void createTable() {
		dataSource = LocalDatabases.mariadb();
		table = LocalDatabases.uniqueTableName("ferry_idem_contract");
		new JdbcIdempotencyStore(dataSource, new JdbcIdempotencyOptions(table)).createTableIfMissing();
	}

	@AfterAll
	static void dropTable() throws Exception {
		LocalDatabases.drop(dataSource, table);
	}

	@Override
	protected IdempotencyStore createStore(Clock clock) {
		return new JdbcIdempotencyStore(dataSource, new JdbcIdempotencyOptions(table), clock);
	}

}
