package dev.ferry.test.idempotency;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The JDBC store on one database, in a table of its own that is dropped afterwards. One instance
 * serves all the tests of a class (so the table is made once); the clock is put back to the start
 * before each test, as a fresh instance would have it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcIdempotencyStoreContractTests extends IdempotencyStoreContractTests {

	private DataSource dataSource;

	private String table;

	/** The database under test. */
	protected abstract DataSource connect();

	@BeforeAll
	void createTable() {
		this.dataSource = connect();
		this.table = LocalDatabases.uniqueTableName("ferry_idem_contract");
		new JdbcIdempotencyStore(this.dataSource, new JdbcIdempotencyOptions(this.table)).createTableIfMissing();
	}

	@BeforeEach
	void resetClock() {
		this.clock.advance(Duration.between(this.clock.instant(), START));
	}

	@AfterAll
	void dropTable() throws Exception {
		if (this.dataSource != null) { // null where the database was missing and the class was skipped
			LocalDatabases.drop(this.dataSource, this.table);
		}
	}

	@Override
	protected IdempotencyStore createStore(Clock clock) {
		return new JdbcIdempotencyStore(this.dataSource, new JdbcIdempotencyOptions(this.table), clock);
	}

}
