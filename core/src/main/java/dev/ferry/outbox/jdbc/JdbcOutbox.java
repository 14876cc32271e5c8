package dev.ferry.outbox.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.ferry.core.FerryException;
import dev.ferry.core.message.Headers;
import dev.ferry.core.outbox.Outbox;
import dev.ferry.core.outbox.OutboxEntry;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link Outbox} on a relational table (PostgreSQL, MariaDB 10.6 or later). {@link #append} writes
 * through the connection of the application's Spring-managed transaction on the data source
 * ({@link DataSourceUtils}), so the rows commit or roll back with the application's own work.
 *
 * <p>A relay round runs in its own transaction on its own connection: it locks the oldest pending
 * rows with {@code SELECT ... ORDER BY id LIMIT n FOR UPDATE SKIP LOCKED} (rows another round holds
 * are skipped, never sent twice at the same time), drops from the round every row that has an
 * earlier pending row of the same destination and key outside the round (the other round sends
 * that one first; this keeps per-key order across instances), hands the rest to the sender, deletes
 * what it accepted, counts an attempt on what it refused, and commits. A relay that dies before the
 * commit leaves its rows locked only until the database notices the lost connection; they are sent
 * again (delivery is at least once, and the message id stays the same, so an idempotent consumer
 * drops the copy).
 *
 * <p>Order caveat: rows are relayed in id order, and ids are handed out at insert, not at commit.
 * Two transactions publishing to one key concurrently may therefore be relayed in either order.
 */
public final class JdbcOutbox implements Outbox {

	/** Length of the {@code msg_key} column in the shipped DDL. */
	public static final int MAX_KEY_LENGTH = 512;

	private static final Logger logger = LoggerFactory.getLogger(JdbcOutbox.class);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private static final int MAX_ERROR_LENGTH = 1000;

	private final DataSource dataSource;

	private final JdbcOutboxOptions options;

	private final Clock clock;

	private final String insert;

	private final String claim;

	private final String deleteSent;

	private final String retryLater;

	private final String setAside;

	public JdbcOutbox(DataSource dataSource, JdbcOutboxOptions options) {
		this(dataSource, options, Clock.systemUTC());
	}

	/**
	 * @param dataSource the application's data source: the one its transaction manager manages
	 * @param options the table
	 * @param clock time source for {@code created_at}
	 */
	public JdbcOutbox(DataSource dataSource, JdbcOutboxOptions options, Clock clock) {
		this.dataSource = dataSource;
		this.options = options;
		this.clock = clock;
		String table = options.tableName();
		this.insert = "INSERT INTO " + table + " (destination, message_id, msg_key, deduplication_id, delay_ms, "
				+ "headers, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
		this.claim = "SELECT id, destination, message_id, msg_key, deduplication_id, delay_ms, headers, body, attempts "
				+ "FROM " + table + " WHERE failed = 0 ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
		this.deleteSent = "DELETE FROM " + table + " WHERE id = ?";
		this.retryLater = "UPDATE " + table + " SET attempts = attempts + 1, last_error = ? WHERE id = ?";
		this.setAside = "UPDATE " + table + " SET attempts = attempts + 1, failed = 1, last_error = ? WHERE id = ?";
	}

	public JdbcOutboxOptions options() {
		return this.options;
	}

	/** Creates the table and its index unless they exist, with the shipped DDL; for {@code ferry.provision}. */
	public void createTableIfMissing() {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			new JdbcOutboxSchema(this.options).createIfMissing(connection);
		}
		catch (SQLException ex) {
			throw new FerryException("JDBC outbox: could not create table " + this.options.tableName() + ": "
					+ ex.getMessage(), ex);
		}
	}

	@Override
	public boolean isTransactionActive() {
		return TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.getResource(this.dataSource) != null;
	}

	@Override
	public void append(String destination, List<EncodedMessage> messages, Runnable afterCommit) {
		for (EncodedMessage message : messages) {
			if (message.key() != null && message.key().codePointCount(0, message.key().length()) > MAX_KEY_LENGTH) {
				throw new FerryException("Message key longer than " + MAX_KEY_LENGTH
						+ " characters does not fit the outbox's msg_key column (message " + message.id() + ")");
			}
		}
		long now = this.clock.millis();
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try (PreparedStatement statement = connection.prepareStatement(this.insert)) {
			for (EncodedMessage message : messages) {
				statement.setString(1, destination);
				statement.setString(2, message.id());
				setNullable(statement, 3, message.key());
				setNullable(statement, 4, message.deduplicationId());
				statement.setLong(5, message.delay().toMillis());
				statement.setString(6, MAPPER.writeValueAsString(message.headers().asMap()));
				statement.setBytes(7, message.body());
				statement.setLong(8, now);
				statement.addBatch();
			}
			statement.executeBatch();
		}
		catch (SQLException ex) {
			throw new FerryException("JDBC outbox: could not store " + messages.size() + " messages for '" + destination
					+ "' in table " + this.options.tableName() + ": " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					afterCommit.run();
				}
			});
		}
	}

	@Override
	public int relay(int limit, Function<List<OutboxEntry>, List<SendResult>> sender) {
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				int handed = relay(connection, limit, sender);
				connection.commit();
				return handed;
			}
			catch (SQLException | RuntimeException ex) {
				try {
					connection.rollback();
				}
				catch (SQLException rollback) {
					ex.addSuppressed(rollback);
				}
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new FerryException("JDBC outbox: relay round on table " + this.options.tableName() + " failed: "
					+ ex.getMessage(), ex);
		}
	}

	private int relay(Connection connection, int limit, Function<List<OutboxEntry>, List<SendResult>> sender)
			throws SQLException {
		Map<Long, OutboxEntry> locked = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(this.claim)) {
			statement.setInt(1, limit);
			try (ResultSet row = statement.executeQuery()) {
				while (row.next()) {
					long id = row.getLong(1);
					Map<String, String> headers = MAPPER.readValue(row.getString(7), HEADERS);
					EncodedMessage message = new EncodedMessage(row.getString(3), row.getBytes(8), Headers.of(headers),
							row.getString(4), row.getString(5), Duration.ofMillis(row.getLong(6)));
					locked.put(id, new OutboxEntry(id, row.getString(2), message, row.getInt(9)));
				}
			}
		}
		if (locked.isEmpty()) {
			return 0;
		}
		List<OutboxEntry> entries = inKeyOrder(connection, locked);
		if (entries.isEmpty()) {
			return 0;
		}
		List<SendResult> results = sender.apply(entries);
		if (results.size() != entries.size()) {
			throw new FerryException("Outbox sender answered " + results.size() + " results for " + entries.size()
					+ " entries");
		}
		try (PreparedStatement delete = connection.prepareStatement(this.deleteSent);
				PreparedStatement retry = connection.prepareStatement(this.retryLater);
				PreparedStatement aside = connection.prepareStatement(this.setAside)) {
			for (int i = 0; i < entries.size(); i++) {
				OutboxEntry entry = entries.get(i);
				if (results.get(i) instanceof SendResult.Rejected rejected) {
					String error = truncate(rejected.errorCode() + ": " + rejected.reason());
					PreparedStatement update = rejected.retryable() ? retry : aside;
					update.setString(1, error);
					update.setLong(2, entry.id());
					update.addBatch();
					if (!rejected.retryable()) {
						logger.error("Outbox entry {} (message {} for '{}') was refused for good and is set aside in {}: {}",
								entry.id(), entry.message().id(), entry.destination(), this.options.tableName(), error);
					}
				}
				else {
					delete.setLong(1, entry.id());
					delete.addBatch();
				}
			}
			delete.executeBatch();
			retry.executeBatch();
			aside.executeBatch();
		}
		return entries.size();
	}

	/**
	 * The locked entries that may go now: an entry with a key waits while an earlier pending entry of
	 * its destination and key is not part of this round (another round holds it, or it was committed
	 * after this round's rows were locked).
	 */
	private List<OutboxEntry> inKeyOrder(Connection connection, Map<Long, OutboxEntry> locked) throws SQLException {
		Set<String> keys = new HashSet<>();
		long maxId = 0;
		for (OutboxEntry entry : locked.values()) {
			if (entry.message().key() != null) {
				keys.add(entry.message().key());
				maxId = Math.max(maxId, entry.id());
			}
		}
		if (keys.isEmpty()) {
			return new ArrayList<>(locked.values());
		}
		// (destination, key) -> the smallest id of a pending row of it that this round does not hold
		Map<String, Long> blockedFrom = new LinkedHashMap<>();
		String sql = "SELECT id, destination, msg_key FROM " + this.options.tableName() + " WHERE failed = 0 AND id < ? AND msg_key IN ("
				+ String.join(", ", keys.stream().map(key -> "?").toList()) + ")";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, maxId);
			int index = 2;
			for (String key : keys) {
				statement.setString(index++, key);
			}
			try (ResultSet row = statement.executeQuery()) {
				while (row.next()) {
					long id = row.getLong(1);
					if (!locked.containsKey(id)) {
						blockedFrom.merge(row.getString(2) + '\u0000' + row.getString(3), id, Math::min);
					}
				}
			}
		}
		List<OutboxEntry> ready = new ArrayList<>(locked.size());
		for (OutboxEntry entry : locked.values()) {
			String key = entry.message().key();
			Long blocker = key == null ? null : blockedFrom.get(entry.destination() + '\u0000' + key);
			if (blocker == null || blocker > entry.id()) {
				ready.add(entry);
			}
		}
		return ready;
	}

	private static void setNullable(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.VARCHAR);
		}
		else {
			statement.setString(index, value);
		}
	}

	private static String truncate(String error) {
		return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
	}

}
