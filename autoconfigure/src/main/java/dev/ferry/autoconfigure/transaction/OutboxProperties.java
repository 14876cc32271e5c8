package dev.ferry.autoconfigure.transaction;

import java.time.Duration;

import dev.ferry.outbox.jdbc.JdbcOutboxOptions;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The transactional outbox: messages published inside a transaction of the application's
 * DataSource are stored in that transaction and relayed after it committed.
 */
@ConfigurationProperties("ferry.outbox")
public class OutboxProperties {

	/**
	 * Whether messages published inside a transaction on the application's DataSource go through
	 * the outbox table (sent only if the transaction commits); outside a transaction they are sent
	 * directly.
	 */
	private boolean enabled;

	/** Outbox table, optionally schema-qualified; created with ferry.provision=true. */
	private String table = JdbcOutboxOptions.DEFAULT_TABLE_NAME;

	/** Most outbox rows one relay round locks and sends. */
	private int batchSize = 100;

	/**
	 * How long the relay waits before looking for rows again when a round found fewer than a batch;
	 * a commit in this instance wakes it at once, so this bounds the delay for rows of other
	 * instances and rows left behind by a crash.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/** Longest wait for the transport to answer one relay round; unanswered rows are sent again later. */
	private Duration sendTimeout = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getTable() {
		return this.table;
	}

	public void setTable(String table) {
		this.table = table;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

}
