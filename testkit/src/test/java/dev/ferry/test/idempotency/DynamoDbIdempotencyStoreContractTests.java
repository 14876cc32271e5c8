package dev.ferry.test.idempotency;

import java.time.Clock;

import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyOptions;
import dev.ferry.idempotency.dynamodb.DynamoDbIdempotencyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The DynamoDB store passes the store contract on DynamoDB Local, through the real SDK client. The
 * table is created here without time to live: the tests' clock is not the server's, and the
 * contract must hold whether or not DynamoDB has deleted an expired item yet.
 */
class DynamoDbIdempotencyStoreContractTests extends IdempotencyStoreContractTests {

	private static final String TABLE = "ferry-idempotency-contract";

	private static DynamoDbLocal dynamoDb;

	@BeforeAll
	static void startDynamoDbLocal() throws Exception {
		dynamoDb = DynamoDbLocal.start();
		dynamoDb.client().createTable(create -> create.tableName(TABLE)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
	}

	@AfterAll
	static void stopDynamoDbLocal() throws Exception {
		dynamoDb.close();
	}

	@Override
	protected IdempotencyStore createStore(Clock clock) {
		return new DynamoDbIdempotencyStore(dynamoDb.client(), DynamoDbIdempotencyOptions.of(TABLE), clock);
	}

}
