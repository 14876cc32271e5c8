package dev.ferry.test.idempotency;

import javax.sql.DataSource;

/** The JDBC store passes the store contract on the local MariaDB, in a table of its own. */
class MariaDbIdempotencyStoreContractTests extends JdbcIdempotencyStoreContractTests {

	@Override
	protected DataSource connect() {
		return LocalDatabases.mariadb();
	}

}
