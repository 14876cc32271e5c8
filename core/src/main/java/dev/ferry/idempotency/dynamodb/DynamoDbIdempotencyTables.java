package dev.ferry.idempotency.dynamodb;

import java.time.Duration;

import dev.ferry.core.FerryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Provisions the idempotency table: on-demand capacity (idempotency traffic follows message
 * traffic, which is rarely flat), the key attribute as partition key, and time to live on the
 * expiration attribute. Creating is idempotent: an existing table is left as it is, apart from
 * enabling its time to live when it is off.
 */
final class DynamoDbIdempotencyTables {

	private static final Logger logger = LoggerFactory.getLogger(DynamoDbIdempotencyTables.class);

	/** The SDK waiter's default first poll is 20 s; a new on-demand table is usually active sooner. */
	private static final Duration WAIT_POLL = Duration.ofSeconds(1);

	private static final Duration WAIT_TIMEOUT = Duration.ofMinutes(5);

	private final DynamoDbClient client;

	private final DynamoDbIdempotencyOptions options;

	DynamoDbIdempotencyTables(DynamoDbClient client, DynamoDbIdempotencyOptions options) {
		this.client = client;
		this.options = options;
	}

	boolean createTable() {
		String table = this.options.tableName();
		boolean created;
		try {
			this.client.createTable(create -> create.tableName(table)
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.attributeDefinitions(AttributeDefinition.builder()
					.attributeName(this.options.keyAttribute())
					.attributeType(ScalarAttributeType.S)
					.build())
				.keySchema(KeySchemaElement.builder()
					.attributeName(this.options.keyAttribute())
					.keyType(KeyType.HASH)
					.build()));
			created = true;
			logger.info("Created DynamoDB idempotency table {}", table);
		}
		catch (ResourceInUseException ex) {
			created = false;
		}
		catch (SdkException ex) {
			throw new FerryException("Could not create DynamoDB idempotency table " + table + ": " + ex.getMessage(), ex);
		}
		try {
			DynamoDbWaiter waiter = DynamoDbWaiter.builder()
				.client(this.client)
				.overrideConfiguration(WaiterOverrideConfiguration.builder()
					.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(WAIT_POLL))
					.waitTimeout(WAIT_TIMEOUT)
					.build())
				.build();
			waiter.waitUntilTableExists(describe -> describe.tableName(table));
			enableTimeToLive(table);
		}
		catch (SdkException ex) {
			throw new FerryException("Could not prepare DynamoDB idempotency table " + table + ": " + ex.getMessage(), ex);
		}
		return created;
	}

	private void enableTimeToLive(String table) {
		TimeToLiveDescription ttl = this.client.describeTimeToLive(describe -> describe.tableName(table))
			.timeToLiveDescription();
		if (ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
				|| ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING)) {
			if (!this.options.expirationAttribute().equals(ttl.attributeName())) {
				logger.warn("DynamoDB idempotency table {} has time to live on attribute {}, not {}: "
						+ "expired records will not be deleted", table, ttl.attributeName(),
						this.options.expirationAttribute());
			}
			return;
		}
		this.client.updateTimeToLive(update -> update.tableName(table)
			.timeToLiveSpecification(spec -> spec.enabled(true).attributeName(this.options.expirationAttribute())));
		logger.info("Enabled time to live on attribute {} of DynamoDB idempotency table {}",
				this.options.expirationAttribute(), table);
	}

}
