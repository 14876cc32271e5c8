package dev.ferry.test.idempotency;

import java.time.Clock;
import java.util.UUID;

import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyOptions;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyStore;
import dev.ferry.test.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The DynamoDB store passes the store contract on moto, through the real SDK client. The table is
 * created here without time to live: the tests' clock is not the server's, and the contract must
 * hold whether or not DynamoDB has deleted an expired item yet.
 */
class DynamoDbIdempotencyStoreContractTests extends IdempotencyStoreContractTests {

	// The moto server is shared per JVM: a table of our own keeps other classes' tables apart.
	private static final String TABLE = "ferry-idempotency-contract-" + UUID.randomUUID();

	private static DynamoDbClient client;

	@BeforeAll
	static void createTable() {
		MotoServer.assumeAvailable();
		client = MotoServer.shared().client(DynamoDbClient.builder());
		client.createTable(create -> create.tableName(TABLE)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
	}

	@AfterAll
	static void closeClient() {
		if (client != null) {
			client.deleteTable(delete -> delete.tableName(TABLE));
			client.close();
		}
	}

	/**
	 * Skipped on moto: moto checks a ConditionExpression and writes the item without holding a lock
	 * across the two, so two concurrent conditional writes can both succeed (seen here: 2 winners of 8).
	 * DynamoDB documents conditional writes as atomic; this case ran green on the former backend and
	 * needs a backend whose conditional writes are atomic to say anything.
	 */
	@Override
	@Test
	void concurrentTakeoversOfALapsedLeaseGrantItExactlyOnce() {
		Assumptions.abort("moto gap dynamodb-conditional-write-atomicity: concurrent conditional writes are not "
				+ "serialized by moto, so 'exactly one winner' cannot be judged on it");
	}

	/** Skipped on moto for the same gap as {@link #concurrentTakeoversOfALapsedLeaseGrantItExactlyOnce()}. */
	@Override
	@Test
	void concurrentAcquiresOfAFreeKeyGrantItExactlyOnce() {
		Assumptions.abort("moto gap dynamodb-conditional-write-atomicity: concurrent conditional writes are not "
				+ "serialized by moto, so 'exactly one winner' cannot be judged on it");
	}

	@Override
	protected IdempotencyStore createStore(Clock clock) {
		return new DynamoDbIdempotencyStore(client, DynamoDbIdempotencyOptions.of(TABLE), clock);
	}

}
