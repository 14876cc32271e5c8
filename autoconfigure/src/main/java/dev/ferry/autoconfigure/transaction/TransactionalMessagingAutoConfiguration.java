package dev.ferry.autoconfigure.transaction;

import javax.sql.DataSource;

import dev.ferry.autoconfigure.FerryCustomizer;
import dev.ferry.autoconfigure.idempotency.IdempotencyStoreProperties;
import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.core.outbox.OutboxOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import dev.ferry.idempotency.jdbc.JdbcTransactionalInbox;
import dev.ferry.outbox.jdbc.JdbcOutbox;
import dev.ferry.outbox.jdbc.JdbcOutboxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.ResourceTransactionManager;

/**
 * The transactional inbox and outbox on the application's {@link DataSource} and
 * {@link PlatformTransactionManager}, contributed to Ferry as {@link FerryCustomizer}s.
 *
 * <p>Inbox: on by default when the idempotency store is the JDBC one and the application's single
 * transaction manager manages the store's DataSource ({@code DataSourceTransactionManager},
 * {@code JdbcTransactionManager}); {@code ferry.idempotency.jdbc.transactional=false} turns it off,
 * a destination's {@code transactional-inbox} property {@code false} turns it off there. With
 * another transaction manager (JPA with its own resource) it stays off and says so at start-up;
 * declare a {@link JdbcTransactionalInbox} through a customizer to use it.
 *
 * <p>Outbox: {@code ferry.outbox.enabled=true} on the single DataSource; with
 * {@code ferry.provision=true} the table is created if missing.
 */
@AutoConfiguration(beforeName = "dev.ferry.autoconfigure.FerryAutoConfiguration",
		afterName = { "dev.ferry.autoconfigure.idempotency.IdempotencyStoreAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@ConditionalOnClass({ DataSourceUtils.class, PlatformTransactionManager.class })
@EnableConfigurationProperties({ OutboxProperties.class, IdempotencyStoreProperties.class })
public final class TransactionalMessagingAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(TransactionalMessagingAutoConfiguration.class);

	@Bean
	FerryCustomizer ferryTransactionalInboxCustomizer(ObjectProvider<IdempotencyStore> stores,
			ObjectProvider<PlatformTransactionManager> transactionManagers, IdempotencyStoreProperties properties) {
		return builder -> {
			if (!properties.getJdbc().isTransactional()
					|| !(stores.getIfUnique() instanceof JdbcIdempotencyStore store)) {
				return;
			}
			PlatformTransactionManager transactionManager = transactionManagers.getIfUnique();
			if (transactionManager instanceof ResourceTransactionManager resources
					&& resources.getResourceFactory() == store.dataSource()) {
				builder.transactionalInbox(new JdbcTransactionalInbox(transactionManager, store.dataSource(),
						store.options()));
				logger.info("Ferry transactional inbox on: idempotent listeners claim, handle and complete in one "
						+ "transaction of {}", transactionManager.getClass().getSimpleName());
			}
			else {
				logger.info("Ferry transactional inbox off: {} does not manage the JDBC idempotency store's "
						+ "DataSource, so handler effects and idempotency records commit separately (at least once)",
						transactionManager == null ? "no single PlatformTransactionManager"
								: transactionManager.getClass().getSimpleName());
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "ferry.outbox.enabled", havingValue = "true")
	static class OutboxConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JdbcOutbox ferryJdbcOutbox(ObjectProvider<DataSource> dataSources, OutboxProperties properties,
				Environment environment) {
			DataSource dataSource = dataSources.getIfUnique();
			if (dataSource == null) {
				throw new FerryConfigurationException("ferry.outbox.enabled=true needs a single DataSource bean and "
						+ "there is none (or more than one without @Primary): add spring-boot-starter-jdbc and set "
						+ "spring.datasource.url, or declare a DataSource @Bean; or set ferry.outbox.enabled=false");
			}
			JdbcOutboxOptions options;
			try {
				options = new JdbcOutboxOptions(properties.getTable());
			}
			catch (FerryConfigurationException ex) {
				throw new FerryConfigurationException("Invalid ferry.outbox.table: " + ex.getMessage());
			}
			JdbcOutbox outbox = new JdbcOutbox(dataSource, options);
			if (environment.getProperty("ferry.provision", Boolean.class, false)) {
				outbox.createTableIfMissing();
			}
			return outbox;
		}

		@Bean
		FerryCustomizer ferryOutboxCustomizer(JdbcOutbox outbox, OutboxProperties properties) {
			OutboxOptions options;
			try {
				options = new OutboxOptions(properties.getBatchSize(), properties.getPollInterval(),
						properties.getSendTimeout());
			}
			catch (FerryConfigurationException ex) {
				throw new FerryConfigurationException("Invalid ferry.outbox settings: " + ex.getMessage());
			}
			return builder -> builder.outbox(outbox, options);
		}

	}

}
