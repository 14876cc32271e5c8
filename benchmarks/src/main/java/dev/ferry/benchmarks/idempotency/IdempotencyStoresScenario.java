package dev.ferry.benchmarks.idempotency;

import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ferry.benchmarks.Rounds;
import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.idempotency.AcquireResult;
import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.core.idempotency.InMemoryIdempotencyStore;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyOptions;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyStore;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code idempotency-stores}: what the idempotency gate's store work costs per message (acquire,
 * then complete, of a fresh key) on the shared stores, against the in-memory store as baseline. One
 * thread, so the rates are round-trip bound. Reported as "ferry": the JDBC store on the local
 * PostgreSQL (127.0.0.1:5432, database test, user postgres) through a HikariCP pool. The DynamoDB
 * store is measured too when {@code -Dferry.bench.dynamodb.endpoint=http://127.0.0.1:5000} points at
 * a DynamoDB endpoint (e.g. moto, {@code moto_server -H 127.0.0.1 -p 5000}). Local servers say
 * nothing about the latency of RDS or of DynamoDB in a region:
 * read the numbers as the stores' own overhead.
 */
public final class IdempotencyStoresScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 2_000;

	private static final Duration LEASE = Duration.ofMinutes(1);

	private static final Duration TTL = Duration.ofHours(1);

	private static final String DYNAMODB_ENDPOINT_PROPERTY = "ferry.bench.dynamodb.endpoint";

	@Override
	public String name() {
		return "idempotency-stores";
	}

	@Override
	public Result run(Options options) throws Exception {
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		double memory = rate(options, messages, new InMemoryIdempotencyStore());
		double postgres = postgresql(options, messages);
		String endpoint = System.getProperty(DYNAMODB_ENDPOINT_PROPERTY);
		System.out.printf(Locale.ROOT, "memory: %.0f msgs/s%n", memory);
		System.out.printf(Locale.ROOT, "jdbc (local PostgreSQL, HikariCP): %.0f msgs/s, %.3f ms/msg%n", postgres,
				1e3 / postgres);
		if (endpoint != null) {
			double dynamoDb = dynamoDb(options, messages, endpoint);
			System.out.printf(Locale.ROOT, "dynamodb (%s): %.0f msgs/s, %.3f ms/msg%n", endpoint, dynamoDb,
					1e3 / dynamoDb);
		}
		else {
			System.out.println("dynamodb: not measured; set -D" + DYNAMODB_ENDPOINT_PROPERTY
					+ "=http://127.0.0.1:5000 with a DynamoDB endpoint (e.g. moto_server) there");
		}
		return new Result(postgres, memory, "in-memory store, same acquire + complete per message");
	}

	private static double postgresql(Options options, int messages) throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
		config.setUsername("postgres");
		config.setMaximumPoolSize(2);
		String table = "ferry_idem_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try (HikariDataSource dataSource = new HikariDataSource(config)) {
			JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource, new JdbcIdempotencyOptions(table));
			store.createTableIfMissing();
			try {
				return rate(options, messages, store);
			}
			finally {
				try (Connection connection = dataSource.getConnection();
						Statement statement = connection.createStatement()) {
					statement.execute("DROP TABLE IF EXISTS " + table);
				}
			}
		}
	}

	private static double dynamoDb(Options options, int messages, String endpoint) throws Exception {
		try (DynamoDbClient client = DynamoDbClient.builder()
			.endpointOverride(URI.create(endpoint))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build()) {
			DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(client,
					DynamoDbIdempotencyOptions.of("ferry-idempotency-bench"));
			store.createTable();
			return rate(options, messages, store);
		}
	}

	private static double rate(Options options, int messages, IdempotencyStore store) throws Exception {
		String run = UUID.randomUUID().toString();
		int[] sequence = { 0 };
		return Rounds.medianRate(options, messages, count -> {
			for (int i = 0; i < count; i++) {
				String key = run + ":" + sequence[0]++;
				String owner = "bench-" + i;
				AcquireResult result = store.acquire(key, owner, LEASE);
				if (result.decision() != AcquireResult.Decision.ACQUIRED) {
					throw new IllegalStateException("fresh key " + key + " was not acquired: " + result);
				}
				store.complete(key, owner, TTL);
			}
		});
	}

}
