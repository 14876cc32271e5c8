package dev.ferry.test.idempotency;

import javax.sql.DataSource;

/** The transactional inbox and outbox on PostgreSQL (127.0.0.1:5432, database test). */
class PostgreSqlTransactionalInboxAndOutboxTests extends TransactionalInboxAndOutboxTests {

	@Override
	protected DataSource createDataSource() {
		return LocalDatabases.postgresql();
	}

}
