package dev.ferry.autoconfigure.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import dev.ferry.autoconfigure.FerryAutoConfiguration;
import dev.ferry.autoconfigure.idempotency.IdempotencyStoreAutoConfiguration;
import dev.ferry.outbox.jdbc.JdbcOutbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * When the transactional inbox and outbox are switched on. No database is contacted: without
 * {@code ferry.provision} the stores only hold the DataSource.
 */
@ExtendWith(OutputCaptureExtension.class)
class TransactionalMessagingAutoConfigurationTests {

	private static final DataSource DATA_SOURCE = dataSource();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FerryAutoConfiguration.class, IdempotencyStoreAutoConfiguration.class,
				TransactionalMessagingAutoConfiguration.class))
		.withPropertyValues("ferry.listener.poll-timeout=100ms")
		.withBean(DataSource.class, () -> DATA_SOURCE);

	@Test
	void inboxIsOnWhenTheJdbcStoreAndTheTransactionManagerShareTheDataSource(CapturedOutput output) {
		this.runner.withPropertyValues("ferry.idempotency.store=jdbc")
			.withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(DATA_SOURCE))
			.run(context -> {
				assertThat(context).hasNotFailed();
				context.getBean(dev.ferry.core.engine.Ferry.class);
				assertThat(output).contains("Ferry transactional inbox on");
			});
	}

	@Test
	void inboxStaysOffWhenTheTransactionManagerHasAnotherDataSource(CapturedOutput output) {
		this.runner.withPropertyValues("ferry.idempotency.store=jdbc")
			.withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(dataSource()))
			.run(context -> {
				context.getBean(dev.ferry.core.engine.Ferry.class);
				assertThat(output).contains("Ferry transactional inbox off")
					.contains("does not manage the JDBC idempotency store's DataSource");
			});
	}

	@Test
	void inboxCanBeSwitchedOff(CapturedOutput output) {
		this.runner.withPropertyValues("ferry.idempotency.store=jdbc", "ferry.idempotency.jdbc.transactional=false")
			.withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(DATA_SOURCE))
			.run(context -> {
				context.getBean(dev.ferry.core.engine.Ferry.class);
				assertThat(output).doesNotContain("Ferry transactional inbox on");
			});
	}

	@Test
	void outboxIsOffByDefaultAndOnWithItsProperty() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(JdbcOutbox.class));
		this.runner.withPropertyValues("ferry.outbox.enabled=true", "ferry.outbox.table=orders_outbox")
			.run(context -> assertThat(context).getBean(JdbcOutbox.class)
				.satisfies(outbox -> assertThat(outbox.options().tableName()).isEqualTo("orders_outbox")));
	}

	@Test
	void outboxSettingsAreValidatedNamingTheProperty() {
		this.runner.withPropertyValues("ferry.outbox.enabled=true", "ferry.outbox.batch-size=0")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Invalid ferry.outbox settings")
				.hasMessageContaining("batch-size"));
		this.runner.withPropertyValues("ferry.outbox.enabled=true", "ferry.outbox.table=1bad")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Invalid ferry.outbox.table"));
	}

	@Test
	void outboxWithoutADataSourceFailsNamingTheFix() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FerryAutoConfiguration.class,
					IdempotencyStoreAutoConfiguration.class, TransactionalMessagingAutoConfiguration.class))
			.withPropertyValues("ferry.outbox.enabled=true")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ferry.outbox.enabled=true needs a single DataSource bean"));
	}

	private static DataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/test");
		return dataSource;
	}

}
