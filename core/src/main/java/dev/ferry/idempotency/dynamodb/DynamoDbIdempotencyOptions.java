package dev.ferry.idempotency.dynamodb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.ferry.core.FerryConfigurationException;

/**
 * Where and how {@link DynamoDbIdempotencyStore} keeps its records. Immutable; every value is
 * checked when built, and a failure names the offending setting.
 *
 * @param tableName the DynamoDB table
 * @param keyAttribute partition key attribute (type S) holding the idempotency key
 * @param statusAttribute attribute holding IN_PROGRESS or COMPLETED
 * @param ownerAttribute attribute holding the owner token of the lease
 * @param expirationAttribute expiry in epoch seconds (type N): enable the table's time to live on
 * it so DynamoDB deletes expired records
 * @param expiresAtAttribute expiry in epoch milliseconds (type N), which Ferry's own conditions
 * compare; DynamoDB's time to live alone is too coarse and too late for leases
 */
public record DynamoDbIdempotencyOptions(String tableName, String keyAttribute, String statusAttribute,
		String ownerAttribute, String expirationAttribute, String expiresAtAttribute) {

	/** Default table name used by the auto-configuration. */
	public static final String DEFAULT_TABLE_NAME = "ferry-idempotency";

	/**
	 * Table names: 3–255 characters of a-z, A-Z, 0-9, '_', '-', '.'. Source:
	 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
	 */
	private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

	/**
	 * Names of key attributes are limited to 255 characters
	 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html, "Attributes");
	 * Ferry keeps all its attribute names within that and to printable characters without spaces.
	 */
	private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[\\x21-\\x7E]{1,255}");

	public DynamoDbIdempotencyOptions {
		require("table-name", tableName, TABLE_NAME, "3-255 characters of a-z, A-Z, 0-9, '_', '-' or '.'");
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("key-attribute", keyAttribute);
		attributes.put("status-attribute", statusAttribute);
		attributes.put("owner-attribute", ownerAttribute);
		attributes.put("expiration-attribute", expirationAttribute);
		attributes.put("expires-at-attribute", expiresAtAttribute);
		Map<String, String> seen = new LinkedHashMap<>();
		attributes.forEach((setting, name) -> {
			require(setting, name, ATTRIBUTE_NAME, "1-255 printable characters without spaces");
			String clash = seen.putIfAbsent(name, setting);
			if (clash != null) {
				throw new FerryConfigurationException("DynamoDB idempotency " + setting + " '" + name
						+ "' is already used by " + clash + "; give every attribute its own name");
			}
		});
	}

	/** Options for {@code tableName} with the default attribute names. */
	public static DynamoDbIdempotencyOptions of(String tableName) {
		return builder(tableName).build();
	}

	/**
	 * A builder with the default attribute names: {@code id}, {@code status}, {@code owner},
	 * {@code expiration} (seconds, the time to live attribute) and {@code expiresAt} (milliseconds).
	 */
	public static Builder builder(String tableName) {
		return new Builder(tableName);
	}

	private static void require(String setting, String value, Pattern pattern, String rule) {
		if (value == null || !pattern.matcher(value).matches()) {
			throw new FerryConfigurationException(
					"DynamoDB idempotency " + setting + " must be " + rule + ", was '" + value + "'");
		}
	}

	/** Builds {@link DynamoDbIdempotencyOptions}; validation happens in {@link #build()}. */
	public static final class Builder {

		private final String tableName;

		private String keyAttribute = "id";

		private String statusAttribute = "status";

		private String ownerAttribute = "owner";

		private String expirationAttribute = "expiration";

		private String expiresAtAttribute = "expiresAt";

		private Builder(String tableName) {
			this.tableName = tableName;
		}

		public Builder keyAttribute(String name) {
			this.keyAttribute = name;
			return this;
		}

		public Builder statusAttribute(String name) {
			this.statusAttribute = name;
			return this;
		}

		public Builder ownerAttribute(String name) {
			this.ownerAttribute = name;
			return this;
		}

		public Builder expirationAttribute(String name) {
			this.expirationAttribute = name;
			return this;
		}

		public Builder expiresAtAttribute(String name) {
			this.expiresAtAttribute = name;
			return this;
		}

		public DynamoDbIdempotencyOptions build() {
			return new DynamoDbIdempotencyOptions(this.tableName, this.keyAttribute, this.statusAttribute,
					this.ownerAttribute, this.expirationAttribute, this.expiresAtAttribute);
		}

	}

}
