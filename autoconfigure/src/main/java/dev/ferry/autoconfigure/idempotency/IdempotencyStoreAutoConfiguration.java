package dev.ferry.autoconfigure.idempotency;

import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyOptions;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyStore;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Creates the shared {@link IdempotencyStore} that {@code ferry.idempotency.store} selects:
 * {@code dynamodb} on the application's {@link DynamoDbClient} bean, {@code jdbc} on its
 * {@link DataSource} bean. {@code memory} (the default) adds nothing here: Ferry's main
 * auto-configuration then declares the in-memory store. Runs before it so that a store created here
 * wins over that default, and backs off when the application declares its own store.
 *
 * <p>Selecting a store whose client is missing fails start-up with a message naming the property
 * and the fix, rather than silently falling back to memory (which would let duplicates through
 * across instances). With {@code ferry.provision=true} the table is created if missing.
 */
@AutoConfiguration(beforeName = "dev.ferry.autoconfigure.FerryAutoConfiguration")
@EnableConfigurationProperties(IdempotencyStoreProperties.class)
public final class IdempotencyStoreAutoConfiguration {

	static final String STORE_PROPERTY = "ferry.idempotency.store";

	private static final String PROVISION_PROPERTY = "ferry.provision";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DynamoDbClient.class)
	@ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "dynamodb")
	static class DynamoDbStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		DynamoDbIdempotencyStore ferryDynamoDbIdempotencyStore(ObjectProvider<DynamoDbClient> clients,
				IdempotencyStoreProperties properties, Environment environment) {
			DynamoDbClient client = clients.getIfUnique();
			if (client == null) {
				throw new FerryConfigurationException(STORE_PROPERTY + "=dynamodb needs a single DynamoDbClient bean and "
						+ "there is none (or more than one without @Primary): add "
						+ "io.awspring.cloud:spring-cloud-aws-starter-dynamodb, which auto-configures one, or declare a "
						+ "DynamoDbClient @Bean; or choose another store with " + STORE_PROPERTY + "=memory|jdbc");
			}
			DynamoDbIdempotencyOptions options = checked("ferry.idempotency.dynamodb.table",
					() -> DynamoDbIdempotencyOptions.of(properties.getDynamodb().getTable()));
			DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(client, options);
			if (provision(environment)) {
				store.createTable();
			}
			return store;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("software.amazon.awssdk.services.dynamodb.DynamoDbClient")
	@ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "dynamodb")
	static class DynamoDbSdkMissingConfiguration {

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		IdempotencyStore ferryDynamoDbIdempotencyStore() {
			throw new FerryConfigurationException(STORE_PROPERTY + "=dynamodb needs the AWS SDK's DynamoDB client on "
					+ "the classpath: add software.amazon.awssdk:dynamodb (or "
					+ "io.awspring.cloud:spring-cloud-aws-starter-dynamodb); or choose another store with "
					+ STORE_PROPERTY + "=memory|jdbc");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "jdbc")
	static class JdbcStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(IdempotencyStore.class)
		JdbcIdempotencyStore ferryJdbcIdempotencyStore(ObjectProvider<DataSource> dataSources,
				IdempotencyStoreProperties properties, Environment environment) {
			DataSource dataSource = dataSources.getIfUnique();
			if (dataSource == null) {
				throw new FerryConfigurationException(STORE_PROPERTY + "=jdbc needs a single DataSource bean and there "
						+ "is none (or more than one without @Primary): add spring-boot-starter-jdbc and set "
						+ "spring.datasource.url, or declare a DataSource @Bean; or choose another store with "
						+ STORE_PROPERTY + "=memory|dynamodb");
			}
			JdbcIdempotencyOptions options = checked("ferry.idempotency.jdbc.table",
					() -> new JdbcIdempotencyOptions(properties.getJdbc().getTable()));
			JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource, options);
			if (provision(environment)) {
				store.createTableIfMissing();
			}
			return store;
		}

	}

	/** Builds options, naming the property behind an invalid value. */
	private static <T> T checked(String property, Supplier<T> options) {
		try {
			return options.get();
		}
		catch (FerryConfigurationException ex) {
			throw new FerryConfigurationException("Invalid " + property + ": " + ex.getMessage());
		}
	}

	private static boolean provision(Environment environment) {
		return environment.getProperty(PROVISION_PROPERTY, Boolean.class, false);
	}

}
