package dev.ferry.idempotency.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.ferry.core.FerryException;
import dev.ferry.core.idempotency.AcquireResult;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import dev.ferry.core.idempotency.IdempotencyRecord;
import dev.ferry.core.idempotency.IdempotencyStatus;
import dev.ferry.core.idempotency.IdempotencyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * {@link IdempotencyStore} on a DynamoDB table, shared by every instance of a service. One item
 * per key holds the status, the owner token, the expiry in epoch milliseconds (which Ferry's
 * conditions compare) and the expiry in epoch seconds (the table's time to live attribute, so
 * DynamoDB deletes expired items in the background).
 *
 * <p>Every state change is one conditional write, so each operation is atomic per key without
 * locks: acquire is a {@code PutItem} that succeeds only if no live item exists; renew, complete
 * and release are conditioned on the owner token. A failed condition returns the current item
 * ({@code ReturnValuesOnConditionCheckFailure.ALL_OLD}), so deciding costs no second read. Expired
 * items that DynamoDB has not deleted yet count as free, because the conditions compare the
 * millisecond expiry, not the item's presence. Time comes from the given {@link Clock}; instances
 * should keep their clocks in sync (leases of seconds tolerate ordinary NTP drift).
 *
 * <p>Failures of DynamoDB itself surface as {@link FerryException} wrapping the SDK exception.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {

	private static final Logger logger = LoggerFactory.getLogger(DynamoDbIdempotencyStore.class);

	/** An acquire whose competing item vanished before it could be read retries this often. */
	private static final int ACQUIRE_ATTEMPTS = 5;

	private final DynamoDbClient client;

	private final DynamoDbIdempotencyOptions options;

	private final Clock clock;

	private final DynamoDbIdempotencyTables tables;

	public DynamoDbIdempotencyStore(DynamoDbClient client, DynamoDbIdempotencyOptions options) {
		this(client, options, Clock.systemUTC());
	}

	/**
	 * @param client the DynamoDB client (its region and credentials decide which table is used)
	 * @param options table and attribute names
	 * @param clock time source for leases and time to live (tests move it)
	 */
	public DynamoDbIdempotencyStore(DynamoDbClient client, DynamoDbIdempotencyOptions options, Clock clock) {
		this.client = client;
		this.options = options;
		this.clock = clock;
		this.tables = new DynamoDbIdempotencyTables(client, options);
	}

	/** The options this store was built with. */
	public DynamoDbIdempotencyOptions options() {
		return this.options;
	}

	/**
	 * Creates the table if it does not exist (on-demand capacity, partition key only) and enables
	 * its time to live on the expiration attribute; for {@code ferry.provision}. Waits until the
	 * table is active.
	 * @return true if the table was created, false if it existed
	 */
	public boolean createTable() {
		return this.tables.createTable();
	}

	@Override
	public AcquireResult acquire(String key, String owner, Duration lease) {
		for (int attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt++) {
			long now = this.clock.millis();
			long until = now + lease.toMillis();
			Expression condition = new Expression("attribute_not_exists(#key) OR #expiresAt <= :now")
				.name("#key", this.options.keyAttribute())
				.name("#expiresAt", this.options.expiresAtAttribute())
				.value(":now", number(now));
			try {
				this.client.putItem(put -> put.tableName(this.options.tableName())
					.item(item(key, IdempotencyStatus.IN_PROGRESS, owner, until))
					.conditionExpression(condition.text())
					.expressionAttributeNames(condition.names())
					.expressionAttributeValues(condition.values())
					.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
				return new AcquireResult(Decision.ACQUIRED, Instant.ofEpochMilli(until));
			}
			catch (ConditionalCheckFailedException ex) {
				Optional<IdempotencyRecord> current = ex.hasItem() ? Optional.of(record(ex.item())) : Optional.empty();
				if (current.isPresent() && current.get().statusAt(Instant.ofEpochMilli(now)) != IdempotencyStatus.EXPIRED) {
					IdempotencyRecord held = current.get();
					Decision decision = held.status() == IdempotencyStatus.COMPLETED ? Decision.COMPLETED
							: Decision.IN_PROGRESS;
					return new AcquireResult(decision, held.expiresAt());
				}
				// The item changed between the condition and the answer (released or deleted); try again.
				logger.debug("Idempotency key {} in {} changed during acquire, attempt {}", key,
						this.options.tableName(), attempt);
			}
			catch (SdkException ex) {
				throw failure("acquire", key, ex);
			}
		}
		throw new FerryException("DynamoDB idempotency store: acquire of key " + key + " in table "
				+ this.options.tableName() + " kept racing with concurrent changes after " + ACQUIRE_ATTEMPTS
				+ " attempts");
	}

	@Override
	public boolean renew(String key, String owner, Duration lease) {
		long now = this.clock.millis();
		long until = now + lease.toMillis();
		Expression update = new Expression("SET #expiresAt = :until, #expiration = :expiration")
			.name("#expiresAt", this.options.expiresAtAttribute())
			.name("#expiration", this.options.expirationAttribute())
			.value(":until", number(until))
			.value(":expiration", number(epochSecondsCeil(until)));
		Expression condition = new Expression("#owner = :owner AND #status = :inProgress AND #expiresAt > :now")
			.name("#owner", this.options.ownerAttribute())
			.name("#status", this.options.statusAttribute())
			.name("#expiresAt", this.options.expiresAtAttribute())
			.value(":owner", string(owner))
			.value(":inProgress", string(IdempotencyStatus.IN_PROGRESS.name()))
			.value(":now", number(now));
		try {
			update(key, update, condition);
			return true;
		}
		catch (ConditionalCheckFailedException ex) {
			return false;
		}
		catch (SdkException ex) {
			throw failure("renew", key, ex);
		}
	}

	@Override
	public void complete(String key, String owner, Duration ttl) {
		long now = this.clock.millis();
		long until = now + ttl.toMillis();
		Expression update = new Expression(
				"SET #status = :completed, #owner = :owner, #expiresAt = :until, #expiration = :expiration")
			.name("#status", this.options.statusAttribute())
			.name("#owner", this.options.ownerAttribute())
			.name("#expiresAt", this.options.expiresAtAttribute())
			.name("#expiration", this.options.expirationAttribute())
			.value(":completed", string(IdempotencyStatus.COMPLETED.name()))
			.value(":owner", string(owner))
			.value(":until", number(until))
			.value(":expiration", number(epochSecondsCeil(until)));
		// Ours, or nobody's any more: a live record of another owner (who took the key after our
		// lease lapsed) wins over this late completion.
		Expression condition = new Expression("attribute_not_exists(#key) OR #owner = :owner OR #expiresAt <= :now")
			.name("#key", this.options.keyAttribute())
			.name("#owner", this.options.ownerAttribute())
			.name("#expiresAt", this.options.expiresAtAttribute())
			.value(":owner", string(owner))
			.value(":now", number(now));
		try {
			update(key, update, condition);
		}
		catch (ConditionalCheckFailedException ex) {
			logger.debug("Late completion of idempotency key {} in {} ignored: another owner holds it", key,
					this.options.tableName());
		}
		catch (SdkException ex) {
			throw failure("complete", key, ex);
		}
	}

	@Override
	public void release(String key, String owner) {
		Expression condition = new Expression("#owner = :owner AND #status = :inProgress")
			.name("#owner", this.options.ownerAttribute())
			.name("#status", this.options.statusAttribute())
			.value(":owner", string(owner))
			.value(":inProgress", string(IdempotencyStatus.IN_PROGRESS.name()));
		try {
			this.client.deleteItem(delete -> delete.tableName(this.options.tableName())
				.key(Map.of(this.options.keyAttribute(), string(key)))
				.conditionExpression(condition.text())
				.expressionAttributeNames(condition.names())
				.expressionAttributeValues(condition.values()));
		}
		catch (ConditionalCheckFailedException ex) {
			logger.debug("Release of idempotency key {} in {} ignored: not held by this owner", key,
					this.options.tableName());
		}
		catch (SdkException ex) {
			throw failure("release", key, ex);
		}
	}

	@Override
	public Optional<IdempotencyRecord> find(String key) {
		Map<String, AttributeValue> item;
		try {
			item = this.client.getItem(get -> get.tableName(this.options.tableName())
				.key(Map.of(this.options.keyAttribute(), string(key)))
				.consistentRead(true)).item();
		}
		catch (SdkException ex) {
			throw failure("find", key, ex);
		}
		if (item == null || item.isEmpty()) {
			return Optional.empty();
		}
		IdempotencyRecord stored = record(item);
		Instant now = this.clock.instant();
		return Optional.of(new IdempotencyRecord(stored.key(), stored.statusAt(now), stored.owner(), stored.expiresAt()));
	}

	private void update(String key, Expression update, Expression condition) {
		Map<String, String> names = new HashMap<>(update.names());
		names.putAll(condition.names());
		Map<String, AttributeValue> values = new HashMap<>(update.values());
		values.putAll(condition.values());
		this.client.updateItem(request -> request.tableName(this.options.tableName())
			.key(Map.of(this.options.keyAttribute(), string(key)))
			.updateExpression(update.text())
			.conditionExpression(condition.text())
			.expressionAttributeNames(names)
			.expressionAttributeValues(values));
	}

	private Map<String, AttributeValue> item(String key, IdempotencyStatus status, String owner, long untilMillis) {
		return Map.of(this.options.keyAttribute(), string(key), this.options.statusAttribute(), string(status.name()),
				this.options.ownerAttribute(), string(owner), this.options.expiresAtAttribute(), number(untilMillis),
				this.options.expirationAttribute(), number(epochSecondsCeil(untilMillis)));
	}

	private IdempotencyRecord record(Map<String, AttributeValue> item) {
		String key = text(item, this.options.keyAttribute());
		IdempotencyStatus status = IdempotencyStatus.valueOf(text(item, this.options.statusAttribute()));
		AttributeValue expiresAt = item.get(this.options.expiresAtAttribute());
		if (expiresAt == null || expiresAt.n() == null) {
			throw new FerryException("DynamoDB idempotency item " + key + " in table " + this.options.tableName()
					+ " has no number attribute " + this.options.expiresAtAttribute()
					+ "; was the table written by something else?");
		}
		return new IdempotencyRecord(key, status, text(item, this.options.ownerAttribute()),
				Instant.ofEpochMilli(Long.parseLong(expiresAt.n())));
	}

	private String text(Map<String, AttributeValue> item, String attribute) {
		AttributeValue value = item.get(attribute);
		if (value == null || value.s() == null) {
			throw new FerryException("DynamoDB idempotency item in table " + this.options.tableName()
					+ " has no string attribute " + attribute + "; was the table written by something else?");
		}
		return value.s();
	}

	private FerryException failure(String operation, String key, SdkException ex) {
		return new FerryException("DynamoDB idempotency store: " + operation + " of key " + key + " in table "
				+ this.options.tableName() + " failed: " + ex.getMessage(), ex);
	}

	/** Rounded up, so DynamoDB's time to live never deletes a record before Ferry considers it expired. */
	private static long epochSecondsCeil(long epochMillis) {
		return Math.floorDiv(epochMillis + 999, 1000);
	}

	private static AttributeValue string(String value) {
		return AttributeValue.fromS(value);
	}

	private static AttributeValue number(long value) {
		return AttributeValue.fromN(Long.toString(value));
	}

	/** An expression with exactly the placeholders it uses (DynamoDB rejects unused ones). */
	private static final class Expression {

		private final String text;

		private final Map<String, String> names = new HashMap<>();

		private final Map<String, AttributeValue> values = new HashMap<>();

		Expression(String text) {
			this.text = text;
		}

		Expression name(String placeholder, String attribute) {
			this.names.put(placeholder, attribute);
			return this;
		}

		Expression value(String placeholder, AttributeValue value) {
			this.values.put(placeholder, value);
			return this;
		}

		String text() {
			return this.text;
		}

		Map<String, String> names() {
			return this.names;
		}

		Map<String, AttributeValue> values() {
			return this.values;
		}

	}

}
