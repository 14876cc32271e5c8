package dev.ferry.idempotency.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.FerryException;
import dev.ferry.core.idempotency.AcquireResult;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import dev.ferry.core.idempotency.IdempotencyStatus;
import dev.ferry.core.idempotency.TransactionalInbox;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * {@link TransactionalInbox} on the application's {@link PlatformTransactionManager} and the table
 * of a {@link JdbcIdempotencyStore}: the claim is a row written through the transaction's own
 * connection ({@link DataSourceUtils}), so it commits or rolls back with whatever the handler
 * wrote through the same {@link DataSource} (JdbcTemplate, JPA with that data source, jOOQ on a
 * Spring-managed connection).
 *
 * <p>The claim inserts the key as COMPLETED with the record's time to live; nobody sees the row
 * before the commit. Concurrent claims of one key meet at the primary key: PostgreSQL's
 * {@code INSERT ... ON CONFLICT DO NOTHING} and MariaDB's {@code INSERT IGNORE} wait for the
 * transaction holding the uncommitted row and then see its outcome, so of two consumers of one
 * message exactly one runs the handler. A row left from before (an expired record, or an expired
 * lease of a consumer without the inbox) is taken over with a conditional update; a live lease of a
 * consumer without the inbox answers IN_PROGRESS. Reads are locking reads, so they see the latest
 * committed row under MariaDB's REPEATABLE READ too.
 *
 * <p>The transaction manager must manage the same data source (a {@code DataSourceTransactionManager}
 * or {@code JdbcTransactionManager} on it, or a JPA one that exposes it); a claim outside such a
 * transaction fails with a {@link FerryConfigurationException}.
 */
public final class JdbcTransactionalInbox implements TransactionalInbox {

	private static final Logger logger = LoggerFactory.getLogger(JdbcTransactionalInbox.class);

	/** Attempts when the row is deleted between our statements. */
	private static final int ATTEMPTS = 5;

	private final PlatformTransactionManager transactionManager;

	private final DataSource dataSource;

	private final JdbcIdempotencyOptions options;

	private final Clock clock;

	private final TransactionDefinition definition;

	private final String takeOver;

	private final String select;

	private final String delete;

	private volatile @Nullable String insert;

	public JdbcTransactionalInbox(PlatformTransactionManager transactionManager, DataSource dataSource,
			JdbcIdempotencyOptions options) {
		this(transactionManager, dataSource, options, Clock.systemUTC());
	}

	/**
	 * @param transactionManager the application's transaction manager for {@code dataSource}
	 * @param dataSource where the idempotency table lives, the one the handlers write to
	 * @param options the idempotency table, as for the {@link JdbcIdempotencyStore} on the same data source
	 * @param clock time source for record expiry
	 */
	public JdbcTransactionalInbox(PlatformTransactionManager transactionManager, DataSource dataSource,
			JdbcIdempotencyOptions options, Clock clock) {
		this.transactionManager = transactionManager;
		this.dataSource = dataSource;
		this.options = options;
		this.clock = clock;
		DefaultTransactionDefinition transaction = new DefaultTransactionDefinition(
				TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		transaction.setName("ferry-inbox");
		this.definition = transaction;
		String table = options.tableName();
		this.takeOver = "UPDATE " + table + " SET status = ?, owner = ?, expires_at = ? WHERE id = ? AND expires_at <= ?";
		this.select = "SELECT status, expires_at FROM " + table + " WHERE id = ? FOR UPDATE";
		this.delete = "DELETE FROM " + table + " WHERE id = ? AND owner = ?";
	}

	/** The data source whose transactions this inbox runs in. */
	public DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	public boolean inTransaction(BooleanSupplier work) {
		TransactionStatus status = this.transactionManager.getTransaction(this.definition);
		boolean commit;
		try {
			commit = work.getAsBoolean();
		}
		catch (RuntimeException | Error ex) {
			rollback(status, ex);
			throw ex;
		}
		if (commit) {
			this.transactionManager.commit(status);
		}
		else {
			this.transactionManager.rollback(status);
		}
		return commit;
	}

	@Override
	public AcquireResult claim(String key, String owner, Duration ttl) {
		return withTransactionConnection("claim", key, connection -> {
			for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
				long now = this.clock.millis();
				long until = now + ttl.toMillis();
				if (update(connection, insert(connection), key, IdempotencyStatus.COMPLETED.name(), owner, until) == 1) {
					return new AcquireResult(Decision.ACQUIRED, Instant.ofEpochMilli(until));
				}
				if (update(connection, this.takeOver, IdempotencyStatus.COMPLETED.name(), owner, until, key, now) == 1) {
					return new AcquireResult(Decision.ACQUIRED, Instant.ofEpochMilli(until));
				}
				try (PreparedStatement statement = connection.prepareStatement(this.select)) {
					statement.setString(1, key);
					try (ResultSet row = statement.executeQuery()) {
						if (row.next() && row.getLong(2) > now) {
							Decision decision = IdempotencyStatus.COMPLETED.name().equals(row.getString(1))
									? Decision.COMPLETED : Decision.IN_PROGRESS;
							return new AcquireResult(decision, Instant.ofEpochMilli(row.getLong(2)));
						}
					}
				}
				logger.debug("Idempotency key {} in {} changed during claim, attempt {}", key, this.options.tableName(),
						attempt);
			}
			throw new FerryException("Transactional inbox: claim of key " + key + " in table "
					+ this.options.tableName() + " kept racing with concurrent changes after " + ATTEMPTS + " attempts");
		});
	}

	@Override
	public void unclaim(String key, String owner) {
		withTransactionConnection("unclaim", key, connection -> update(connection, this.delete, key, owner));
	}

	private void rollback(TransactionStatus status, Throwable cause) {
		try {
			this.transactionManager.rollback(status);
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
		}
	}

	/** The claim's insert that does nothing (after waiting for a concurrent holder) when the key exists. */
	private String insert(Connection connection) throws SQLException {
		String sql = this.insert;
		if (sql == null) {
			String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			String columns = this.options.tableName() + " (id, status, owner, expires_at) VALUES (?, ?, ?, ?)";
			if (product.contains("postgres")) {
				sql = "INSERT INTO " + columns + " ON CONFLICT (id) DO NOTHING";
			}
			else if (product.contains("mariadb") || product.contains("mysql")) {
				sql = "INSERT IGNORE INTO " + columns;
			}
			else {
				throw new FerryConfigurationException("The transactional inbox supports PostgreSQL and MariaDB/MySQL, "
						+ "not " + product + "; turn it off with ferry.idempotency.jdbc.transactional=false");
			}
			this.insert = sql;
		}
		return sql;
	}

	private <T> T withTransactionConnection(String operation, String key, SqlWork<T> work) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			if (!DataSourceUtils.isConnectionTransactional(connection, this.dataSource)) {
				throw new FerryConfigurationException("Transactional inbox: " + operation + " of key " + key
						+ " ran outside a transaction of the idempotency store's DataSource; the transaction manager "
						+ "given to the inbox must manage that DataSource");
			}
			return work.run(connection);
		}
		catch (SQLException ex) {
			throw new FerryException("Transactional inbox: " + operation + " of key " + key + " in table "
					+ this.options.tableName() + " failed: " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				if (parameters[i] instanceof Long number) {
					statement.setLong(i + 1, number);
				}
				else {
					statement.setString(i + 1, (String) parameters[i]);
				}
			}
			return statement.executeUpdate();
		}
	}

	@FunctionalInterface
	private interface SqlWork<T> {

		T run(Connection connection) throws SQLException;

	}

}
