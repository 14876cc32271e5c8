package dev.ferry.test.idempotency;

import javax.sql.DataSource;

/** The JDBC store passes the store contract on the local PostgreSQL, in a table of its own. */
class PostgreSqlIdempotencyStoreContractTests extends JdbcIdempotencyStoreContractTests {

	@Override
	protected DataSource connect() {
		return LocalDatabases.postgresql();
	}

}
