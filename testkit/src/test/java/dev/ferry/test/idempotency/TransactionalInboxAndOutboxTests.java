package dev.ferry.test.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import dev.ferry.core.idempotency.IdempotencyStatus;
import dev.ferry.core.message.Headers;
import dev.ferry.core.outbox.OutboxEntry;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import dev.ferry.idempotency.jdbc.JdbcTransactionalInbox;
import dev.ferry.outbox.jdbc.JdbcOutbox;
import dev.ferry.outbox.jdbc.JdbcOutboxOptions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link JdbcTransactionalInbox} and {@link JdbcOutbox} on a real database: what commits, what rolls
 * back, and what concurrent transactions and relay rounds see. Run on PostgreSQL and MariaDB by the
 * subclasses.
 */
abstract class TransactionalInboxAndOutboxTests {

	private DataSource dataSource;

	private String idempotencyTable;

	private String outboxTable;

	private JdbcIdempotencyStore store;

	private JdbcTransactionalInbox inbox;

	private JdbcOutbox outbox;

	private TransactionTemplate transactions;

	protected abstract DataSource createDataSource();

	@BeforeEach
	void createTables() {
		this.dataSource = createDataSource();
		this.idempotencyTable = LocalDatabases.uniqueTableName("inbox");
		this.outboxTable = LocalDatabases.uniqueTableName("outbox");
		JdbcIdempotencyOptions options = new JdbcIdempotencyOptions(this.idempotencyTable);
		this.store = new JdbcIdempotencyStore(this.dataSource, options);
		this.store.createTableIfMissing();
		DataSourceTransactionManager manager = new DataSourceTransactionManager(this.dataSource);
		this.inbox = new JdbcTransactionalInbox(manager, this.dataSource, options);
		this.outbox = new JdbcOutbox(this.dataSource, new JdbcOutboxOptions(this.outboxTable));
		this.outbox.createTableIfMissing();
		this.transactions = new TransactionTemplate(manager);
	}

	@AfterEach
	void dropTables() throws SQLException {
		LocalDatabases.drop(this.dataSource, this.idempotencyTable);
		LocalDatabases.drop(this.dataSource, this.outboxTable);
	}

	@Test
	void claimCommitsAsCompletedAndRollsBackToNothing() {
		assertThat(this.inbox.inTransaction(() -> this.inbox.claim("kept", "a", Duration.ofHours(1))
			.decision() == Decision.ACQUIRED)).isTrue();
		assertThat(this.store.find("kept")).hasValueSatisfying(
				record -> assertThat(record.status()).isEqualTo(IdempotencyStatus.COMPLETED));
		AtomicReference<Decision> again = new AtomicReference<>();
		this.inbox.inTransaction(() -> {
			again.set(this.inbox.claim("kept", "b", Duration.ofHours(1)).decision());
			return false;
		});
		assertThat(again).hasValue(Decision.COMPLETED);

		assertThat(this.inbox.inTransaction(() -> {
			this.inbox.claim("dropped", "a", Duration.ofHours(1));
			return false;
		})).isFalse();
		assertThatThrownBy(() -> this.inbox.inTransaction(() -> {
			this.inbox.claim("thrown", "a", Duration.ofHours(1));
			throw new IllegalStateException("handler failed");
		})).hasMessage("handler failed");
		assertThat(this.store.find("dropped")).isEmpty();
		assertThat(this.store.find("thrown")).isEmpty();
	}

	@Test
	void secondClaimWaitsForTheFirstTransactionAndSeesItsOutcome() throws Exception {
		assertThat(concurrentClaim(true)).isEqualTo(Decision.COMPLETED);
		assertThat(concurrentClaim(false)).isEqualTo(Decision.ACQUIRED);
	}

	private Decision concurrentClaim(boolean firstCommits) throws Exception {
		String key = "race-" + firstCommits;
		CountDownLatch claimed = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> this.inbox.inTransaction(() -> {
			assertThat(this.inbox.claim(key, "first", Duration.ofHours(1)).decision()).isEqualTo(Decision.ACQUIRED);
			claimed.countDown();
			try {
				finish.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return firstCommits;
		}));
		assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
		AtomicReference<Decision> second = new AtomicReference<>();
		CompletableFuture<Boolean> secondRun = CompletableFuture.supplyAsync(() -> this.inbox.inTransaction(() -> {
			second.set(this.inbox.claim(key, "second", Duration.ofHours(1)).decision());
			return true;
		}));
		// the second claim blocks on the first transaction's uncommitted row
		Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !secondRun.isDone());
		finish.countDown();
		assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(firstCommits);
		secondRun.get(30, TimeUnit.SECONDS);
		return second.get();
	}

	@Test
	void liveLeaseOfAConsumerWithoutTheInboxIsInProgressAndAnExpiredOneIsTakenOver() {
		assertThat(this.store.acquire("leased", "plain", Duration.ofMinutes(5)).decision()).isEqualTo(Decision.ACQUIRED);
		assertThat(this.store.acquire("lapsed", "plain", Duration.ofMillis(100)).decision()).isEqualTo(Decision.ACQUIRED);
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.until(() -> this.store.find("lapsed").orElseThrow().status() == IdempotencyStatus.EXPIRED);
		this.inbox.inTransaction(() -> {
			assertThat(this.inbox.claim("leased", "tx", Duration.ofHours(1)).decision()).isEqualTo(Decision.IN_PROGRESS);
			assertThat(this.inbox.claim("lapsed", "tx", Duration.ofHours(1)).decision()).isEqualTo(Decision.ACQUIRED);
			return true;
		});
		assertThat(this.store.find("lapsed").orElseThrow().status()).isEqualTo(IdempotencyStatus.COMPLETED);
	}

	@Test
	void claimOutsideATransactionOfItsDataSourceIsAConfigurationError() {
		assertThatThrownBy(() -> this.inbox.claim("k", "o", Duration.ofHours(1)))
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("outside a transaction");
	}

	@Test
	void outboxKeepsOnlyCommittedMessagesAndRemovesWhatWasSent() {
		assertThat(this.outbox.isTransactionActive()).isFalse();
		this.transactions.executeWithoutResult(status -> {
			assertThat(this.outbox.isTransactionActive()).isTrue();
			this.outbox.append("orders", List.of(message("committed-1", "k1"), message("committed-2", null)), () -> {
			});
		});
		this.transactions.executeWithoutResult(status -> {
			this.outbox.append("orders", List.of(message("rolled-back", "k1")), () -> {
			});
			status.setRollbackOnly();
		});
		List<String> handed = new ArrayList<>();
		int sent = this.outbox.relay(10, entries -> {
			entries.forEach(entry -> handed.add(entry.message().id()));
			return entries.stream().map(entry -> accepted(entry)).toList();
		});
		assertThat(sent).isEqualTo(2);
		assertThat(handed).containsExactly("committed-1", "committed-2");
		assertThat(rows()).isZero();
	}

	@Test
	void outboxKeepsRetryableRefusalsAndSetsAsideFinalOnes() {
		this.transactions.executeWithoutResult(status -> this.outbox
			.append("orders", List.of(message("retry", null), message("final", null), message("ok", null)), () -> {
			}));
		Function<List<OutboxEntry>, List<SendResult>> sender = entries -> entries.stream()
			.map(entry -> switch (entry.message().id()) {
				case "retry" -> (SendResult) new SendResult.Rejected("retry", "Throttled", "slow down", true, null);
				case "final" -> new SendResult.Rejected("final", "InvalidParameter", "bad", false, null);
				default -> accepted(entry);
			})
			.toList();
		assertThat(this.outbox.relay(10, sender)).isEqualTo(3);
		List<String> second = new ArrayList<>();
		this.outbox.relay(10, entries -> {
			entries.forEach(entry -> second.add(entry.message().id() + "@" + entry.attempts()));
			return entries.stream().map(entry -> accepted(entry)).toList();
		});
		assertThat(second).containsExactly("retry@1");
		assertThat(new JdbcTemplate(this.dataSource).queryForObject(
				"SELECT last_error FROM " + this.outboxTable + " WHERE failed = 1", String.class))
			.isEqualTo("InvalidParameter: bad");
	}

	@Test
	void concurrentRelayRoundsNeverShareARowNorOvertakeAKey() throws Exception {
		this.transactions.executeWithoutResult(status -> this.outbox.append("orders",
				List.of(message("a1", "a"), message("b1", "b"), message("a2", "a"), message("c1", "c")), () -> {
				}));
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		List<String> first = new ArrayList<>();
		CompletableFuture<Integer> firstRound = CompletableFuture.supplyAsync(() -> this.outbox.relay(2, entries -> {
			entries.forEach(entry -> first.add(entry.message().id()));
			holding.countDown();
			try {
				finish.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return entries.stream().map(entry -> accepted(entry)).toList();
		}));
		assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
		List<String> second = new ArrayList<>();
		this.outbox.relay(10, entries -> {
			entries.forEach(entry -> second.add(entry.message().id()));
			return entries.stream().map(entry -> accepted(entry)).toList();
		});
		finish.countDown();
		assertThat(firstRound.get(30, TimeUnit.SECONDS)).isEqualTo(2);
		assertThat(first).containsExactly("a1", "b1");
		// a2 waits behind a1, which the first round holds; c1 is free
		assertThat(second).containsExactly("c1");
		List<String> third = new ArrayList<>();
		this.outbox.relay(10, entries -> {
			entries.forEach(entry -> third.add(entry.message().id()));
			return entries.stream().map(entry -> accepted(entry)).toList();
		});
		assertThat(third).containsExactly("a2");
	}

	private long rows() {
		return new JdbcTemplate(this.dataSource).queryForObject("SELECT count(*) FROM " + this.outboxTable, Long.class);
	}

	private static SendResult accepted(OutboxEntry entry) {
		return new SendResult.Accepted(entry.message().id(), "t-" + entry.id(), java.util.Map.of());
	}

	private static EncodedMessage message(String id, String key) {
		return new EncodedMessage(id, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
				Headers.of(java.util.Map.of("ferry-message-id", id)), key, null, Duration.ZERO);
	}

}
