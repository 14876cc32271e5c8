package dev.ferry.test.crash;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.idempotency.AcquireResult;
import dev.ferry.core.idempotency.IdempotencyRecord;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.core.idempotency.TransactionalInbox;
import dev.ferry.core.outbox.OutboxOptions;
import dev.ferry.core.transport.Transport;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import dev.ferry.idempotency.jdbc.JdbcTransactionalInbox;
import dev.ferry.outbox.jdbc.JdbcOutbox;
import dev.ferry.outbox.jdbc.JdbcOutboxOptions;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;
import dev.ferry.transport.sqs.SqsOptions;
import dev.ferry.transport.sqs.SqsTransport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The process the crash tests kill: a Ferry consumer ({@code inbox}) or an order service that
 * saves and publishes ({@code outbox}), configured by system properties. It runs until it is
 * killed; it never exits on its own, so every end is a SIGKILL (or {@code halt}) as in a crash.
 *
 * <p>Properties: {@code crash.mode} (inbox, outbox), {@code crash.transport} (sqs, kafka),
 * {@code crash.endpoint} (ElasticMQ URL or Kafka bootstrap servers), {@code crash.resource} (queue
 * or topic), {@code crash.jdbc} (JDBC URL), {@code crash.effects}, {@code crash.idempotency},
 * {@code crash.orders}, {@code crash.outbox} (table names), {@code crash.transactional} (inbox:
 * whether the transactional inbox is on), {@code crash.halt-at} (a message number: halt the JVM
 * right after its handler's work, before its key is completed or its transaction commits; use with
 * {@code crash.concurrency=1}), {@code crash.orders-count}.
 */
public final class CrashChild {

	/** Every tenth order, from the third on, is rolled back after it was saved and published. */
	static boolean rolledBack(int number) {
		return number % 10 == 3;
	}

	private CrashChild() {
	}

	public static void main(String[] args) throws Exception {
		String mode = System.getProperty("crash.mode");
		HikariConfig pool = new HikariConfig();
		pool.setJdbcUrl(System.getProperty("crash.jdbc"));
		pool.setUsername("postgres");
		pool.setMaximumPoolSize(12);
		HikariDataSource dataSource = new HikariDataSource(pool);
		if ("inbox".equals(mode)) {
			inbox(dataSource);
		}
		else {
			outbox(dataSource);
		}
		System.out.println("READY");
		new CountDownLatch(1).await();
	}

	private static void inbox(DataSource dataSource) {
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
		JdbcIdempotencyOptions options = new JdbcIdempotencyOptions(System.getProperty("crash.idempotency"));
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String effects = System.getProperty("crash.effects");
		int haltAt = Integer.getInteger("crash.halt-at", -1);
		boolean transactional = Boolean.parseBoolean(System.getProperty("crash.transactional", "true"));
		IdempotencyStore store = new JdbcIdempotencyStore(dataSource, options);
		TransactionalInbox inbox = new JdbcTransactionalInbox(transactions, dataSource, options);
		AtomicInteger handled = new AtomicInteger();
		if (haltAt >= 0) {
			// The deterministic crash: the handler's work is done, the key not yet completed.
			store = new HaltOnComplete(store, handled);
			inbox = new HaltBeforeCommit(inbox, handled);
		}
		Destination destination = destination().withIdempotency(new IdempotencySettings(true, Duration.ofHours(1),
				Duration.ofSeconds(1)));
		Ferry ferry = Ferry.builder()
			.transport(transport())
			.destination(destination)
			.idempotencyStore(store)
			.transactionalInbox(transactional ? inbox : null)
			.pollTimeout(Duration.ofSeconds(1))
			.hardeningMode(HardeningMode.OFF)
			.build();
		ferry.listen(ListenerDefinition.builder("crash", "orders", CrashOrder.class, (order, context) -> {
			// no transaction of its own: with the inbox this joins Ferry's, without it auto-commits
			jdbc.update("INSERT INTO " + effects + " (number, message_id) VALUES (?, ?)", order.number(),
					context.messageId());
			if (order.number() == haltAt) {
				handled.set(order.number());
			}
		}).concurrency(Integer.getInteger("crash.concurrency", 6)).processingTimeout(Duration.ofSeconds(2)).build());
		ferry.start();
	}

	private static void outbox(DataSource dataSource) throws Exception {
		String orders = System.getProperty("crash.orders");
		int count = Integer.getInteger("crash.orders-count");
		JdbcOutbox outbox = new JdbcOutbox(dataSource, new JdbcOutboxOptions(System.getProperty("crash.outbox")));
		Ferry ferry = Ferry.builder()
			.transport(transport())
			.destination(destination())
			.outbox(outbox, new OutboxOptions(100, Duration.ofMillis(200), Duration.ofSeconds(10)))
			.hardeningMode(HardeningMode.OFF)
			.build();
		ferry.start();
		System.out.println("READY");
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		Set<Integer> saved = new HashSet<>(jdbc.queryForList("SELECT number FROM " + orders, Integer.class));
		ExecutorService writers = Executors.newFixedThreadPool(4);
		AtomicInteger next = new AtomicInteger();
		for (int w = 0; w < 4; w++) {
			writers.execute(() -> {
				for (int number = next.getAndIncrement(); number < count; number = next.getAndIncrement()) {
					if (saved.contains(number)) {
						continue;
					}
					int order = number;
					transaction.executeWithoutResult(status -> {
						jdbc.update("INSERT INTO " + orders + " (number) VALUES (?)", order);
						ferry.publisher().publish("orders", new CrashOrder(order));
						if (rolledBack(order)) {
							status.setRollbackOnly();
						}
					});
				}
			});
		}
		writers.shutdown();
		writers.awaitTermination(10, TimeUnit.MINUTES);
		System.out.println("ALL-SAVED");
	}

	private static Destination destination() {
		String transport = System.getProperty("crash.transport");
		if ("kafka".equals(transport)) {
			// One exact consumer group, the one the parent test reads committed offsets of (by default
			// each listener id would get a group of its own, <group-id>.<listener-id>).
			return Destination.of("orders", KafkaTransport.NAME, System.getProperty("crash.resource"))
				.withProperties(Map.of("consumer-group", System.getProperty("crash.group")));
		}
		return Destination.of("orders", SqsTransport.NAME, System.getProperty("crash.resource"));
	}

	private static Transport transport() {
		String endpoint = System.getProperty("crash.endpoint");
		if ("kafka".equals(System.getProperty("crash.transport"))) {
			return new KafkaTransport(KafkaOptions.builder(endpoint)
				.groupId(System.getProperty("crash.group"))
				// static membership: the next instance takes the partitions over at once instead of
				// waiting for the killed one's session to time out
				.clientProperties(Map.of("group.instance.id", "crash-consumer", "session.timeout.ms", 60_000))
				.build(), null);
		}
		SqsAsyncClient client = SqsAsyncClient.builder()
			.endpointOverride(URI.create(endpoint))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
		return new SqsTransport(client, SqsOptions.defaults().withVisibility(Duration.ZERO, Duration.ofSeconds(2)));
	}

	/** Halts the JVM instead of completing a key: the window of the store without the inbox. */
	private record HaltOnComplete(IdempotencyStore store, AtomicInteger handled) implements IdempotencyStore {

		@Override
		public AcquireResult acquire(String key, String owner, Duration lease) {
			return this.store.acquire(key, owner, lease);
		}

		@Override
		public boolean renew(String key, String owner, Duration lease) {
			return this.store.renew(key, owner, lease);
		}

		@Override
		public void complete(String key, String owner, Duration ttl) {
			if (this.handled.get() == Integer.getInteger("crash.halt-at")) {
				System.out.println("HALT between the handler's commit and COMPLETED of " + key);
				Runtime.getRuntime().halt(137);
			}
			this.store.complete(key, owner, ttl);
		}

		@Override
		public void release(String key, String owner) {
			this.store.release(key, owner);
		}

		@Override
		public Optional<IdempotencyRecord> find(String key) {
			return this.store.find(key);
		}

	}

	/** Halts the JVM after the handler's work of the chosen message, before the inbox transaction commits. */
	private record HaltBeforeCommit(TransactionalInbox inbox, AtomicInteger handled) implements TransactionalInbox {

		@Override
		public boolean inTransaction(BooleanSupplier work) {
			return this.inbox.inTransaction(() -> {
				boolean commit = work.getAsBoolean();
				if (this.handled.get() == Integer.getInteger("crash.halt-at")) {
					System.out.println("HALT after the handler's work, before the inbox commit");
					Runtime.getRuntime().halt(137);
				}
				return commit;
			});
		}

		@Override
		public AcquireResult claim(String key, String owner, Duration ttl) {
			return this.inbox.claim(key, owner, ttl);
		}

		@Override
		public void unclaim(String key, String owner) {
			this.inbox.unclaim(key, owner);
		}

	}

}
