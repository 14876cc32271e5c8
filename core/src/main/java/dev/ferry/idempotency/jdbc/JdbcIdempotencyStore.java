package dev.ferry.idempotency.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import dev.ferry.core.FerryException;
import dev.ferry.core.idempotency.AcquireResult;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import dev.ferry.core.idempotency.IdempotencyRecord;
import dev.ferry.core.idempotency.IdempotencyStatus;
import dev.ferry.core.idempotency.IdempotencyStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IdempotencyStore} on a table reached through a plain {@link DataSource}, shared by every
 * instance of a service. Portable SQL only (tested on PostgreSQL and MariaDB); the DDL ships as
 * {@code dev/ferry/idempotency/jdbc/schema-postgresql.sql} and {@code schema-mariadb.sql}, or use
 * {@link #createTableIfMissing()}.
 *
 * <p>Atomicity comes from the primary key and from conditional single-row statements, each run in
 * its own auto-committed transaction: acquire INSERTs the key (exactly one concurrent insert
 * succeeds) and, when the key exists, takes it over only with {@code UPDATE ... WHERE id = ? AND
 * expires_at <= now}, which the database evaluates against the latest committed row; renew,
 * complete and release are conditioned on the owner. No row locks are held between statements.
 * Expired rows stay until {@link #purgeExpired()} deletes them; they count as free meanwhile.
 *
 * <p>Each operation takes its own connection and commits on its own, independent of any
 * transaction the caller runs: pass a plain (pooled) data source, not a transaction-aware proxy
 * whose connection is the caller's transaction.
 *
 * <p>Keys longer than {@value #MAX_KEY_LENGTH} characters and owners longer than
 * {@value #MAX_OWNER_LENGTH} are rejected rather than silently truncated by a lenient database.
 * Database failures surface as {@link FerryException} wrapping the {@link SQLException}.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {

	/** Length of the {@code id} column in the shipped DDL. */
	public static final int MAX_KEY_LENGTH = 255;

	/** Length of the {@code owner} column in the shipped DDL. */
	public static final int MAX_OWNER_LENGTH = 128;

	private static final Logger logger = LoggerFactory.getLogger(JdbcIdempotencyStore.class);

	/** Attempts when the row changes between statements or the database reports a deadlock. */
	private static final int ATTEMPTS = 5;

	private final DataSource dataSource;

	private final JdbcIdempotencyOptions options;

	private final Clock clock;

	private final String insert;

	private final String takeOver;

	private final String select;

	private final String renew;

	private final String complete;

	private final String release;

	private final String purge;

	public JdbcIdempotencyStore(DataSource dataSource, JdbcIdempotencyOptions options) {
		this(dataSource, options, Clock.systemUTC());
	}

	/**
	 * @param dataSource where the table lives; a pooled one in production
	 * @param options the table name
	 * @param clock time source for leases and time to live (tests move it); instances sharing the
	 * table should keep their clocks in sync
	 */
	public JdbcIdempotencyStore(DataSource dataSource, JdbcIdempotencyOptions options, Clock clock) {
		this.dataSource = dataSource;
		this.options = options;
		this.clock = clock;
		String table = options.tableName();
		this.insert = "INSERT INTO " + table + " (id, status, owner, expires_at) VALUES (?, ?, ?, ?)";
		this.takeOver = "UPDATE " + table + " SET status = ?, owner = ?, expires_at = ? WHERE id = ? AND expires_at <= ?";
		this.select = "SELECT status, owner, expires_at FROM " + table + " WHERE id = ?";
		this.renew = "UPDATE " + table
				+ " SET expires_at = ? WHERE id = ? AND owner = ? AND status = ? AND expires_at > ?";
		this.complete = "UPDATE " + table
				+ " SET status = ?, owner = ?, expires_at = ? WHERE id = ? AND (owner = ? OR expires_at <= ?)";
		this.release = "DELETE FROM " + table + " WHERE id = ? AND owner = ? AND status = ?";
		this.purge = "DELETE FROM " + table + " WHERE expires_at <= ?";
	}

	/** The data source holding the table: a transactional inbox on the same one shares its records. */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/** The options this store was built with. */
	public JdbcIdempotencyOptions options() {
		return this.options;
	}

	/**
	 * Creates the table and its expiry index unless they exist, with the shipped DDL of the
	 * database behind the data source (PostgreSQL, MariaDB or MySQL); for {@code ferry.provision}.
	 */
	public void createTableIfMissing() {
		withConnection("create table", "-", connection -> {
			new JdbcIdempotencySchema(this.options).createIfMissing(connection);
			return null;
		});
	}

	/** Deletes every expired record; run it now and then (records are otherwise kept forever). */
	public int purgeExpired() {
		long now = this.clock.millis();
		return withConnection("purge", "-", connection -> {
			try (PreparedStatement statement = connection.prepareStatement(this.purge)) {
				statement.setLong(1, now);
				return statement.executeUpdate();
			}
		});
	}

	@Override
	public AcquireResult acquire(String key, String owner, Duration lease) {
		checkLengths(key, owner);
		return withConnection("acquire", key, connection -> {
			for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
				long now = this.clock.millis();
				long until = now + lease.toMillis();
				if (tryInsert(connection, key, owner, until)) {
					return new AcquireResult(Decision.ACQUIRED, Instant.ofEpochMilli(until));
				}
				if (update(connection, this.takeOver, IdempotencyStatus.IN_PROGRESS.name(), owner, until, key, now) == 1) {
					return new AcquireResult(Decision.ACQUIRED, Instant.ofEpochMilli(until));
				}
				IdempotencyRecord held = read(connection, key);
				if (held != null && held.statusAt(Instant.ofEpochMilli(now)) != IdempotencyStatus.EXPIRED) {
					return new AcquireResult(held.status() == IdempotencyStatus.COMPLETED ? Decision.COMPLETED
							: Decision.IN_PROGRESS, held.expiresAt());
				}
				// Released or taken over and expired between our statements: look again.
				logger.debug("Idempotency key {} in {} changed during acquire, attempt {}", key,
						this.options.tableName(), attempt);
			}
			throw new FerryException("JDBC idempotency store: acquire of key " + key + " in table "
					+ this.options.tableName() + " kept racing with concurrent changes after " + ATTEMPTS + " attempts");
		});
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		long now = this.clock.millis();
		return withConnection("renew", key, connection -> update(connection, this.renew, now + lease.toMillis(), key,
				owner, IdempotencyStatus.IN_PROGRESS.name(), now) == 1);
	}

	@Override
	public void complete(String key, String owner, Duration ttl) {
		checkLengths(key, owner);
		long now = this.clock.millis();
		long until = now + ttl.toMillis();
		withConnection("complete", key, connection -> {
			if (update(connection, this.complete, IdempotencyStatus.COMPLETED.name(), owner, until, key, owner, now) == 0) {
				// No row of ours and no expired row: either none at all (then record the completion)
				// or a live one of another owner who took the key after our lease lapsed (it wins).
				try (PreparedStatement statement = connection.prepareStatement(this.insert)) {
					bind(statement, key, IdempotencyStatus.COMPLETED.name(), owner, until);
					statement.executeUpdate();
				}
				catch (SQLException ex) {
					if (!isDuplicateKey(ex)) {
						throw ex;
					}
					logger.debug("Late completion of idempotency key {} in {} ignored: another owner holds it", key,
							this.options.tableName());
				}
			}
			return null;
		});
	}

	@Override
	public void release(String key, String owner) {
		withConnection("release", key,
				connection -> update(connection, this.release, key, owner, IdempotencyStatus.IN_PROGRESS.name()));
	}

	@Override
	public Optional<IdempotencyRecord> find(String key) {
		IdempotencyRecord stored = withConnection("find", key, connection -> read(connection, key));
		if (stored == null) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		return Optional.of(new IdempotencyRecord(key, stored.statusAt(now), stored.owner(), stored.expiresAt()));
	}

	private boolean tryInsert(Connection connection, String key, String owner, long until) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.insert)) {
			bind(statement, key, IdempotencyStatus.IN_PROGRESS.name(), owner, until);
			statement.executeUpdate();
			return true;
		}
		catch (SQLException ex) {
			if (isDuplicateKey(ex)) {
				return false;
			}
			throw ex;
		}
	}

	private @Nullable IdempotencyRecord read(Connection connection, String key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.select)) {
			statement.setString(1, key);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next()) {
					return null;
				}
				return new IdempotencyRecord(key, IdempotencyStatus.valueOf(row.getString(1)), row.getString(2),
						Instant.ofEpochMilli(row.getLong(3)));
			}
		}
	}

	private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			bind(statement, parameters);
			return statement.executeUpdate();
		}
	}

	private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i] instanceof Long number) {
				statement.setLong(i + 1, number);
			}
			else {
				statement.setString(i + 1, (String) parameters[i]);
			}
		}
	}

	/** Runs {@code work} on one auto-commit connection, retrying deadlocks and serialization failures. */
	private <T> T withConnection(String operation, String key, SqlWork<T> work) {
		SQLException last = null;
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			try (Connection connection = this.dataSource.getConnection()) {
				boolean autoCommit = connection.getAutoCommit();
				if (!autoCommit) {
					connection.setAutoCommit(true);
				}
				try {
					return work.run(connection);
				}
				finally {
					if (!autoCommit) {
						connection.setAutoCommit(false);
					}
				}
			}
			catch (SQLException ex) {
				last = ex;
				if (!isTransient(ex)) {
					break;
				}
				logger.debug("Idempotency {} of key {} in {} hit a transient failure, attempt {}: {}", operation, key,
						this.options.tableName(), attempt, ex.getMessage());
			}
		}
		throw new FerryException("JDBC idempotency store: " + operation + " of key " + key + " in table "
				+ this.options.tableName() + " failed: " + (last == null ? "unknown" : last.getMessage()), last);
	}

	/** Unique violation: PostgreSQL 23505, MariaDB/MySQL 23000 (error 1062). */
	static boolean isDuplicateKey(SQLException ex) {
		String state = ex.getSQLState();
		return ex instanceof SQLIntegrityConstraintViolationException || "23505".equals(state)
				|| ("23000".equals(state) && ex.getErrorCode() == 1062);
	}

	/** Serialization failure or deadlock (40001, PostgreSQL 40P01): safe to run the operation again. */
	private static boolean isTransient(SQLException ex) {
		String state = ex.getSQLState();
		return state != null && (state.equals("40001") || state.equals("40P01"));
	}

	private static void checkLengths(String key, String owner) {
		if (key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
			throw new FerryException("Idempotency key longer than " + MAX_KEY_LENGTH
					+ " characters does not fit the JDBC store's id column; use a shorter key strategy: " + key);
		}
		if (owner.codePointCount(0, owner.length()) > MAX_OWNER_LENGTH) {
			throw new FerryException("Idempotency owner longer than " + MAX_OWNER_LENGTH + " characters: " + owner);
		}
	}

	@FunctionalInterface
	private interface SqlWork<T> {

		T run(Connection connection) throws SQLException;

	}

}
