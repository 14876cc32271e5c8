package dev.ferry.test.idempotency;

import javax.sql.DataSource;

/** The transactional inbox and outbox on MariaDB (127.0.0.1:3306, database test; 10.6 or later for SKIP LOCKED). */
class MariaDbTransactionalInboxAndOutboxTests extends TransactionalInboxAndOutboxTests {

	@Override
	protected DataSource createDataSource() {
		return LocalDatabases.mariadb();
	}

}
