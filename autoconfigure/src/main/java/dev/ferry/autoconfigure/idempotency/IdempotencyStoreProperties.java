package dev.ferry.autoconfigure.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which {@code IdempotencyStore} backs the listeners' duplicate suppression, and where it keeps its
 * records. Shares the {@code ferry.idempotency} prefix with the global idempotency defaults.
 */
@ConfigurationProperties("ferry.idempotency")
public class IdempotencyStoreProperties {

	/**
	 * Store for idempotency records: memory (one instance only), dynamodb or jdbc (shared by all
	 * instances of a service).
	 */
	private StoreType store = StoreType.MEMORY;

	private final DynamoDb dynamodb = new DynamoDb();

	private final Jdbc jdbc = new Jdbc();

	public StoreType getStore() {
		return this.store;
	}

	public void setStore(StoreType store) {
		this.store = store;
	}

	public DynamoDb getDynamodb() {
		return this.dynamodb;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	/** Kinds of idempotency store. */
	public enum StoreType {

		/** In this JVM's memory: right for a single instance and for tests. */
		MEMORY,
		/** A DynamoDB table, through the application's DynamoDbClient bean. */
		DYNAMODB,
		/** A relational table, through the application's DataSource bean. */
		JDBC

	}

	/** DynamoDB store settings. */
	public static class DynamoDb {

		/** DynamoDB table holding idempotency records; partition key "id" (String). */
		private String table = "ferry-idempotency";

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			this.table = table;
		}

	}

	/** JDBC store settings. */
	public static class Jdbc {

		/** Table holding idempotency records, optionally schema-qualified. */
		private String table = "ferry_idempotency";

		/**
		 * Whether listeners run the idempotency claim, the handler and the completion in one
		 * transaction of the application's transaction manager (the transactional inbox: effectively
		 * once); applies when that manager manages the store's DataSource. Destinations opt out with
		 * the transactional-inbox property false.
		 */
		private boolean transactional = true;

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			this.table = table;
		}

		public boolean isTransactional() {
			return this.transactional;
		}

		public void setTransactional(boolean transactional) {
			this.transactional = transactional;
		}

	}

}
