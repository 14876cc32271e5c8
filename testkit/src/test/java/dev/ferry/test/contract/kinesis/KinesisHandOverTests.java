package dev.ferry.test.contract.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import dev.ferry.transport.kinesis.KinesisTransport;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two consumers (two Ferry runtimes, two KCL schedulers of the same application) on a 4-shard
 * stream on moto, sharing an idempotency store (JDBC on the local PostgreSQL, in a table of its own;
 * the DynamoDB store on moto was too slow for 5,000 records next to two KCL workers): each shard is handled by one
 * of them at a time; stopping one hands its shards to the other, which resumes at the checkpoint; over
 * 5,000 records none is lost and no side effect happens twice.
 */
class KinesisHandOverTests {

	private static final int RECORDS = 5_000;

	private final KinesisTestBackend backend = KinesisTestBackend.moto();

	private final List<Ferry> runtimes = new ArrayList<>();

	private HikariDataSource dataSource;

	private String table;

	@AfterEach
	void close() throws Exception {
		this.runtimes.forEach(Ferry::close);
		if (this.dataSource != null) {
			try (var connection = this.dataSource.getConnection(); var statement = connection.createStatement()) {
				statement.execute("DROP TABLE IF EXISTS " + this.table);
			}
			this.dataSource.close();
		}
	}

	private IdempotencyStore sharedStore() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
		this.dataSource.setUsername("postgres");
		this.dataSource.setMaximumPoolSize(16);
		this.dataSource.setInitializationFailTimeout(-1);
		try (var connection = this.dataSource.getConnection()) {
			connection.isValid(5);
		}
		catch (Exception ex) {
			String message = "PostgreSQL on 127.0.0.1:5432 (database test, user postgres) is not reachable: " + ex.getMessage();
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException(message, ex);
			}
			Assumptions.abort(message);
		}
		this.table = "ferry_kinesis_handover_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(this.dataSource, new JdbcIdempotencyOptions(this.table));
		store.createTableIfMissing();
		return store;
	}

	@Test
	void stoppingOneConsumerHandsItsShardsToTheOtherWithNothingLostAndNothingDoneTwice() {
		String stream = "handover-" + UUID.randomUUID();
		this.backend.createStream(stream, 4);
		Destination destination = Destination.of("clicks", KinesisTransport.NAME, stream)
			.withIdempotency(new IdempotencySettings(true, Duration.ofHours(1), Duration.ofSeconds(30)))
			.withProperties(Map.of("application-name", stream));
		IdempotencyStore store = sharedStore();
		Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
		Map<String, Set<String>> handlersByShard = new ConcurrentHashMap<>();
		Map<String, String> activeByShard = new ConcurrentHashMap<>();
		AtomicInteger overlaps = new AtomicInteger();
		Ferry first = runtime("first", destination, store, effects, handlersByShard, activeByShard, overlaps);
		Ferry second = runtime("second", destination, store, effects, handlersByShard, activeByShard, overlaps);
		first.start();
		// Two workers creating the same new lease table at the same instant race on moto; a second
		// worker joining a running application is the usual case anyway.
		publish(first, 0, 100);
		await().atMost(Duration.ofSeconds(60)).until(() -> effects.size() == 100);
		second.start();

		publish(first, 100, RECORDS / 2);
		await().atMost(Duration.ofSeconds(60)).until(() -> effects.size() == RECORDS / 2);
		assertThat(handlersByShard).hasSize(4);
		// A lease may move once the second worker joins (the KCL balances), but never runs on two at once.
		assertThat(overlaps).hasValue(0);
		String stopped = handlersByShard.values().stream().flatMap(Set::stream).findFirst().orElseThrow();
		Map<String, Set<String>> before = Map.copyOf(handlersByShard);
		(stopped.equals("first") ? first : second).stop();
		String survivor = stopped.equals("first") ? "second" : "first";
		handlersByShard.clear();

		publish(second, RECORDS / 2, RECORDS);
		await().atMost(Duration.ofSeconds(90)).until(() -> effects.size() == RECORDS);

		assertThat(effects.values()).allSatisfy(count -> assertThat(count).hasValue(1));
		assertThat(overlaps).hasValue(0);
		assertThat(handlersByShard).hasSize(4);
		assertThat(handlersByShard.values()).allSatisfy(handlers -> assertThat(handlers).containsExactly(survivor));
		assertThat(before.values().stream().filter(handlers -> handlers.contains(stopped)).count()).isPositive();
	}

	private Ferry runtime(String name, Destination destination, IdempotencyStore store,
			Map<String, AtomicInteger> effects, Map<String, Set<String>> handlersByShard,
			Map<String, String> activeByShard, AtomicInteger overlaps) {
		KinesisTransport transport = new KinesisTransport(this.backend.sharedKinesis(), this.backend.dynamo(),
				KinesisContractFixture.fastOptions().build());
		Ferry ferry = Ferry.builder()
			.transport(transport)
			.destination(destination)
			.idempotencyStore(store)
			.hardeningMode(HardeningMode.OFF)
			.provision(true)
			.shutdownTimeout(Duration.ofSeconds(20))
			.build();
		ferry.listen(ListenerDefinition.builder("clicks", destination.name(), String.class, (payload, context) -> {
			String shard = context.transportAttributes().get("shardId");
			String other = activeByShard.putIfAbsent(shard, name);
			if (other != null) {
				overlaps.incrementAndGet();
			}
			try {
				effects.computeIfAbsent(payload, key -> new AtomicInteger()).incrementAndGet();
				handlersByShard.computeIfAbsent(shard, key -> ConcurrentHashMap.newKeySet()).add(name);
			}
			finally {
				if (other == null) {
					activeByShard.remove(shard, name);
				}
			}
		}).concurrency(4).build());
		this.runtimes.add(ferry);
		return ferry;
	}

	private static void publish(Ferry ferry, int from, int to) {
		List<OutboundMessage> messages = new ArrayList<>();
		for (int i = from; i < to; i++) {
			messages.add(OutboundMessage.of("clicks", "click-" + i));
		}
		ferry.publisher().publishAll(messages).throwIfAnyFailed();
	}

}
