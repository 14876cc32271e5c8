package dev.ferry.idempotency.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.core.FerryConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * Options validation of the DynamoDB store. Its behaviour against a server (provisioning, the item
 * layout, a missing table) is shown on moto in ferry-test ({@code DynamoDbIdempotencyStoreOnMotoTests}),
 * next to the store contract: core's tests cannot reach the moto fixture, which lives in ferry-test.
 */
class DynamoDbIdempotencyStoreTest {

	@Test
	void optionsRejectBadNamesNamingTheSetting() {
		assertThatThrownBy(() -> DynamoDbIdempotencyOptions.of("x")).isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("table-name");
		assertThatThrownBy(() -> DynamoDbIdempotencyOptions.of("bad name")).hasMessageContaining("table-name");
		assertThatThrownBy(() -> DynamoDbIdempotencyOptions.builder("t-1").keyAttribute("").build())
			.hasMessageContaining("key-attribute");
		assertThatThrownBy(() -> DynamoDbIdempotencyOptions.builder("t-1").expiresAtAttribute("expiration").build())
			.hasMessageContaining("expires-at-attribute").hasMessageContaining("expiration-attribute");
		assertThat(DynamoDbIdempotencyOptions.of("ferry-idempotency").keyAttribute()).isEqualTo("id");
	}

}
