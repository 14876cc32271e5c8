package dev.ferry.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.FerryConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * The table name check. The store's behaviour on PostgreSQL and MariaDB is shown in ferry-test
 * ({@code JdbcIdempotencyStoreDatabaseTests} and the store contract), which finds a server or an
 * embedded PostgreSQL on any machine.
 */
class JdbcIdempotencyStoreTest {

	@Test
	void tableNameMustBeAPlainIdentifier() {
		assertThat(new JdbcIdempotencyOptions("messaging.ferry_idempotency").unqualifiedTableName())
			.isEqualTo("ferry_idempotency");
		for (String bad : new String[] { "", "1table", "t; DROP TABLE x", "a.b.c", "\"quoted\"", "t".repeat(64) }) {
			assertThatThrownBy(() -> new JdbcIdempotencyOptions(bad)).as(bad)
				.isInstanceOf(FerryConfigurationException.class)
				.hasMessageContaining("table-name");
		}
	}

}
