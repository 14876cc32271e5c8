package dev.ferry.idempotency.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.FerryException;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import dev.ferry.core.idempotency.IdempotencyStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * What the store contract (run in ferry-test) does not cover: options validation, provisioning and
 * the item layout, on DynamoDB Local through the real SDK client.
 */
class DynamoDbIdempotencyStoreTest {

	private static DynamoDBProxyServer server;

	private static DynamoDbClient client;

	@BeforeAll
	static void startDynamoDbLocal() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		server = ServerRunner.createServerFromCommandLineArgs(
				new String[] { "-inMemory", "-port", Integer.toString(port), "-disableTelemetry" });
		server.start();
		client = DynamoDbClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
	}

	@AfterAll
	static void stopDynamoDbLocal() throws Exception {
		client.close();
		server.stop();
	}

	@Test
	void createTableProvisionsOnDemandCapacityAndTimeToLiveOnceOnly() {
		DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(client, DynamoDbIdempotencyOptions.of("provisioned"));

		assertThat(store.createTable()).isTrue();
		assertThat(store.createTable()).isFalse();

		TableDescription table = client.describeTable(d -> d.tableName("provisioned")).table();
		assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
		assertThat(table.keySchema()).singleElement().satisfies(key -> assertThat(key.attributeName()).isEqualTo("id"));
		assertThat(client.describeTimeToLive(d -> d.tableName("provisioned")).timeToLiveDescription())
			.satisfies(ttl -> {
				assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
				assertThat(ttl.attributeName()).isEqualTo("expiration");
			});
	}

	@Test
	void itemsCarryMillisecondExpiryAndRoundedUpSecondsForTimeToLiveUnderConfiguredNames() {
		DynamoDbIdempotencyOptions options = DynamoDbIdempotencyOptions.builder("custom-names")
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

		Map<String, AttributeValue> item = client.getItem(g -> g.tableName("custom-names")
			.key(Map.of("pk", AttributeValue.fromS("order-1")))).item();
		long untilMillis = Long.parseLong(item.get("until_ms").n());
		assertThat(item.get("state").s()).isEqualTo("COMPLETED");
		assertThat(item.get("holder").s()).isEqualTo("me");
		assertThat(Long.parseLong(item.get("ttl").n())).isEqualTo((untilMillis + 999) / 1000);
		assertThat(store.find("order-1")).get().extracting(r -> r.status()).isEqualTo(IdempotencyStatus.COMPLETED);
		assertThat(store.acquire("order-1", "other", Duration.ofSeconds(1)).decision()).isEqualTo(Decision.COMPLETED);
	}

	@Test
	void missingTableFailsWithTheTableName() {
		DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(client, DynamoDbIdempotencyOptions.of("absent"));

		assertThatThrownBy(() -> store.acquire("k", "o", Duration.ofSeconds(1))).isInstanceOf(FerryException.class)
			.hasMessageContaining("acquire of key k in table absent");
	}

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
