package dev.ferry.autoconfigure.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.core.idempotency.InMemoryIdempotencyStore;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyStore;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import dev.ferry.test.jdbc.TestDatabases;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotencyStoreAutoConfigurationTests {

	/** With Ferry's main auto-configuration, which declares the in-memory store as the default. */
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryAutoConfiguration.class, IdempotencyStoreAutoConfiguration.class))
		.withPropertyValues("ferry.listener.poll-timeout=100ms");

	@Test
	void memoryIsTheDefaultAndComesFromFerrysMainAutoConfiguration() {
		this.runner.run(context -> assertThat(context).hasSingleBean(IdempotencyStore.class)
			.getBean(IdempotencyStore.class)
			.isInstanceOf(InMemoryIdempotencyStore.class));
	}

	@Test
	void dynamodbStoreUsesTheClientBeanAndTheConfiguredTableAndReplacesTheInMemoryDefault() {
		this.runner.withBean(DynamoDbClient.class, IdempotencyStoreAutoConfigurationTests::dynamoDbClient)
			.withPropertyValues("ferry.idempotency.store=dynamodb", "ferry.idempotency.dynamodb.table=orders-idem")
			.run(context -> assertThat(context).hasSingleBean(IdempotencyStore.class)
				.getBean(DynamoDbIdempotencyStore.class)
				.satisfies(store -> assertThat(store.options().tableName()).isEqualTo("orders-idem")));
	}

	@Test
	void dynamodbWithoutAClientBeanFailsNamingThePropertyAndTheFix() {
		this.runner.withPropertyValues("ferry.idempotency.store=dynamodb")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ferry.idempotency.store=dynamodb needs a single DynamoDbClient bean")
				.hasMessageContaining("spring-cloud-aws-starter-dynamodb"));
	}

	@Test
	void dynamodbWithoutTheSdkFailsNamingThePropertyAndTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader(DynamoDbClient.class))
			.withPropertyValues("ferry.idempotency.store=DYNAMODB")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ferry.idempotency.store=dynamodb")
				.hasMessageContaining("software.amazon.awssdk:dynamodb"));
	}

	@Test
	void invalidTableNameFailsNamingTheProperty() {
		this.runner.withBean(DynamoDbClient.class, IdempotencyStoreAutoConfigurationTests::dynamoDbClient)
			.withPropertyValues("ferry.idempotency.store=dynamodb", "ferry.idempotency.dynamodb.table=x")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ferry.idempotency.dynamodb.table"));
	}

	@Test
	void jdbcStoreUsesTheDataSourceAndProvisionCreatesItsTable() throws Exception {
		DataSource dataSource = postgresql();
		String table = "ferry_idem_auto_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try {
			this.runner.withBean(DataSource.class, () -> dataSource)
				.withPropertyValues("ferry.idempotency.store=jdbc", "ferry.idempotency.jdbc.table=" + table,
						"ferry.provision=true")
				.run(context -> {
					assertThat(context).hasSingleBean(IdempotencyStore.class);
					JdbcIdempotencyStore store = context.getBean(JdbcIdempotencyStore.class);
					assertThat(store.options().tableName()).isEqualTo(table);
					assertThat(store.acquire("k", "o", Duration.ofSeconds(5)).decision()).isEqualTo(Decision.ACQUIRED);
				});
		}
		finally {
			try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("DROP TABLE IF EXISTS " + table);
			}
		}
	}

	@Test
	void jdbcWithoutADataSourceFailsNamingThePropertyAndTheFix() {
		this.runner.withPropertyValues("ferry.idempotency.store=jdbc")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ferry.idempotency.store=jdbc needs a single DataSource bean")
				.hasMessageContaining("spring.datasource.url"));
	}

	@Test
	void anApplicationsOwnStoreWins() {
		InMemoryIdempotencyStore own = new InMemoryIdempotencyStore();
		this.runner.withBean("ownStore", IdempotencyStore.class, () -> own)
			.withPropertyValues("ferry.idempotency.store=jdbc")
			.run(context -> assertThat(context).hasSingleBean(IdempotencyStore.class)
				.getBean(IdempotencyStore.class)
				.isSameAs(own));
	}

	private static DynamoDbClient dynamoDbClient() {
		return DynamoDbClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:1"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

	private static DataSource postgresql() {
		// the local server, or an embedded PostgreSQL where none answers (skipped where neither can run)
		return TestDatabases.postgresql();
	}

}
