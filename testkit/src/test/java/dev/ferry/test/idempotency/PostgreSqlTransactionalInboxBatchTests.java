package dev.ferry.test.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.ferry.core.consume.BatchResult;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import dev.ferry.idempotency.jdbc.JdbcTransactionalInbox;
import dev.ferry.transport.inmemory.InMemoryTransport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Batch listeners with the transactional inbox on PostgreSQL: one transaction per batch. A message
 * the handler reports failed has its claim withdrawn and runs again alone; a handler that throws
 * rolls the whole batch back. In the end every message's row exists exactly once.
 */
class PostgreSqlTransactionalInboxBatchTests {

	record Order(int number) {
	}

	private DataSource dataSource;

	private String effects;

	private String idempotency;

	private JdbcTemplate jdbc;

	private Ferry ferry;

	@BeforeEach
	void setUp() {
		this.dataSource = LocalDatabases.postgresql();
		this.effects = LocalDatabases.uniqueTableName("batch_effects");
		this.idempotency = LocalDatabases.uniqueTableName("batch_idem");
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.jdbc.execute("CREATE TABLE " + this.effects + " (number INT NOT NULL)");
		JdbcIdempotencyOptions options = new JdbcIdempotencyOptions(this.idempotency);
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(this.dataSource, options);
		store.createTableIfMissing();
		this.ferry = Ferry.builder()
			.transport(new InMemoryTransport())
			.destination(Destination.of("orders", InMemoryTransport.NAME, "orders")
				.withRetry(new RetryPolicy(5, Duration.ofMillis(100), 1.0, Duration.ofMillis(100), 0)))
			.idempotencyStore(store)
			.transactionalInbox(new JdbcTransactionalInbox(new DataSourceTransactionManager(this.dataSource),
					this.dataSource, options))
			.build();
	}

	@AfterEach
	void tearDown() throws SQLException {
		this.ferry.close();
		LocalDatabases.drop(this.dataSource, this.effects);
		LocalDatabases.drop(this.dataSource, this.idempotency);
	}

	@Test
	void reportedFailureWithdrawsOnlyThatClaimAndAThrowingHandlerRollsBackTheBatch() {
		AtomicInteger failuresLeftOf3 = new AtomicInteger(1);
		AtomicInteger throwsLeft = new AtomicInteger(1);
		this.ferry.listen(ListenerDefinition.batchBuilder("batch", "orders", Order.class, deliveries -> {
			BatchResult.Builder result = BatchResult.builder();
			for (var delivery : deliveries) {
				int number = delivery.payload().number();
				if (number == 3 && failuresLeftOf3.getAndDecrement() > 0) {
					result.fail(delivery, new IllegalStateException("order 3 not yet"));
					continue;
				}
				this.jdbc.update("INSERT INTO " + this.effects + " (number) VALUES (?)", number);
			}
			if (deliveries.stream().anyMatch(delivery -> delivery.payload().number() == 7)
					&& throwsLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("the batch with order 7 fails after writing");
			}
			return result.build();
		}).maxBatchSize(10).build());
		this.ferry.start();
		List<OutboundMessage> messages = new ArrayList<>();
		for (int number = 0; number < 10; number++) {
			messages.add(OutboundMessage.of("orders", new Order(number)));
		}
		assertThat(this.ferry.publisher().publishAll(messages).failed()).isEmpty();

		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("SELECT count(DISTINCT number) FROM " + this.effects, Long.class) == 10);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + this.effects, Long.class))
			.as("rows: each order once")
			.isEqualTo(10);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + this.idempotency + " WHERE status = 'COMPLETED'",
				Long.class)).isEqualTo(10);
		assertThat(failuresLeftOf3.get()).isNegative();
		assertThat(throwsLeft.get()).isNegative();
	}

}
