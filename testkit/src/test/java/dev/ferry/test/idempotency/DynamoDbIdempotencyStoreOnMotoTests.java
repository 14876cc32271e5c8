package dev.ferry.test.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.ferry.core.FerryException;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import dev.ferry.core.idempotency.IdempotencyStatus;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyOptions;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyStore;
import dev.ferry.test.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * What the store contract does not cover: provisioning, the item layout and a missing table, on moto
 * through the real SDK client. Table names carry a random suffix: the moto server is shared per JVM.
 */
class DynamoDbIdempotencyStoreOnMotoTests {

	private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

	private static DynamoDbClient client;

	@BeforeAll
	static void connect() {
		MotoServer.assumeAvailable();
		client = MotoServer.shared().client(DynamoDbClient.builder());
	}

	@AfterAll
	static void closeClient() {
		if (client != null) {
			client.close();
		}
	}

	@Test
	void createTableProvisionsOnDemandCapacityAndTimeToLiveOnceOnly() {
		String table = "provisioned-" + SUFFIX;
		DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(client, DynamoDbIdempotencyOptions.of(table));

		assertThat(store.createTable()).isTrue();
		assertThat(store.createTable()).isFalse();

		TableDescription description = client.describeTable(d -> d.tableName(table)).table();
		assertThat(description.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
		assertThat(description.keySchema()).singleElement().satisfies(key -> assertThat(key.attributeName()).isEqualTo("id"));
		assertThat(client.describeTimeToLive(d -> d.tableName(table)).timeToLiveDescription()).satisfies(ttl -> {
			assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
			assertThat(ttl.attributeName()).isEqualTo("expiration");
		});
	}

	@Test
	void itemsCarryMillisecondExpiryAndRoundedUpSecondsForTimeToLiveUnderConfiguredNames() {
		String table = "custom-names-" + SUFFIX;
		DynamoDbIdempotencyOptions options = DynamoDbIdempotencyOptions.builder(table)
			.keyAttribute("pk")
			.statusAttribute("state")
			.ownerAttribute("holder")
			.expirationAttribute("ttl")
			.expiresAtAttribute("until_ms")
			.build();
		DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(client, options);
		store.createTable();

		assertThat(store.acquire("order-1", "me", Duration.ofMillis(1500)).decision()).isEqualTo(Decision.ACQUIRED);
		store.complete("order-1", "me", Duration.ofMinutes(10));

		Map<String, AttributeValue> item = client
			.getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS("order-1"))))
			.item();
		long untilMillis = Long.parseLong(item.get("until_ms").n());
		assertThat(item.get("state").s()).isEqualTo("COMPLETED");
		assertThat(item.get("holder").s()).isEqualTo("me");
		assertThat(Long.parseLong(item.get("ttl").n())).isEqualTo((untilMillis + 999) / 1000);
		assertThat(store.find("order-1")).get().extracting(r -> r.status()).isEqualTo(IdempotencyStatus.COMPLETED);
		assertThat(store.acquire("order-1", "other", Duration.ofSeconds(1)).decision()).isEqualTo(Decision.COMPLETED);
	}

	@Test
	void missingTableFailsWithTheTableName() {
		String table = "absent-" + SUFFIX;
		DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(client, DynamoDbIdempotencyOptions.of(table));

		assertThatThrownBy(() -> store.acquire("k", "o", Duration.ofSeconds(1))).isInstanceOf(FerryException.class)
			.hasMessageContaining("acquire of key k in table " + table);
	}

}
