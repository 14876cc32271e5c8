package dev.ferry.autoconfigure.sqs;

import java.time.Duration;

import dev.ferry.transport.sqs.SqsOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of Ferry's SQS transport ({@code ferry.sqs.*}). The SQS client itself (region, endpoint,
 * credentials) is configured through Spring Cloud AWS ({@code spring.cloud.aws.*}); per-queue
 * settings go under {@code ferry.destinations.<name>.properties}.
 */
@ConfigurationProperties("ferry.sqs")
public class FerrySqsProperties {

	/** Whether to register the SQS transport when the SQS SDK and a client are present. */
	private boolean enabled = true;

	/** Largest message, body plus attributes, accepted at publish (at most 1 MB, the SQS limit). */
	private DataSize maxMessageSize = DataSize.ofBytes(SqsOptions.defaults().maxMessageBytes());

	/** Attempts per message when SQS reports a retryable failure for a batch entry. */
	private int sendAttempts = SqsOptions.defaults().sendAttempts();

	/** Pause before re-sending entries that failed for a retryable reason. */
	private Duration sendRetryDelay = SqsOptions.defaults().sendRetryDelay();

	/** Margin the visibility timeout must exceed the processing timeout by. */
	private Duration visibilityMargin = SqsOptions.defaults().visibilityMargin();

	/** Processing timeout assumed by the visibility rule before a listener states its own. */
	private Duration defaultProcessingTimeout = SqsOptions.defaults().defaultProcessingTimeout();

	/** Smallest redrive maxReceiveCount the hardening rule accepts. */
	private int minReceiveCount = SqsOptions.defaults().minSaneReceiveCount();

	/** Largest redrive maxReceiveCount the hardening rule accepts. */
	private int maxReceiveCount = SqsOptions.defaults().maxSaneReceiveCount();

	/** Message retention of queues created when ferry.provision=true. */
	private Duration retention = SqsOptions.defaults().provisionRetention();

	/** Message retention of dead-letter queues created when ferry.provision=true. */
	private Duration deadLetterRetention = SqsOptions.defaults().provisionDeadLetterRetention();

	private final Publish publish = new Publish();

	private final Receive receive = new Receive();

	/** These settings as validated transport options. */
	public SqsOptions toOptions() {
		return new SqsOptions(this.maxMessageSize.toBytes(), this.sendAttempts, this.sendRetryDelay,
				this.visibilityMargin, this.defaultProcessingTimeout, this.minReceiveCount, this.maxReceiveCount,
				this.retention, this.deadLetterRetention, this.publish.getBatchWindow(), this.receive.getFillWait(),
				this.receive.getDeleteWindow());
	}

	public Publish getPublish() {
		return this.publish;
	}

	public Receive getReceive() {
		return this.receive;
	}

	/** Receiving settings: how receives and deletes share requests. */
	public static class Receive {

		/**
		 * How long a listener's poll, once one worker is free, waits for more workers to free up so that
		 * one ReceiveMessage fetches a message for each; it stops as soon as no worker has finished for
		 * half of it. 0 receives for the free workers at once.
		 */
		private Duration fillWait = SqsOptions.DEFAULT_RECEIVE_FILL_WAIT;

		/**
		 * How long a handled message's delete waits for others to share one DeleteMessageBatch request
		 * (sent at once when ten are waiting). 0 deletes each message at once.
		 */
		private Duration deleteWindow = SqsOptions.DEFAULT_DELETE_WINDOW;

		public Duration getFillWait() {
			return this.fillWait;
		}

		public void setFillWait(Duration fillWait) {
			this.fillWait = fillWait;
		}

		public Duration getDeleteWindow() {
			return this.deleteWindow;
		}

		public void setDeleteWindow(Duration deleteWindow) {
			this.deleteWindow = deleteWindow;
		}

	}

	/** Publishing settings. */
	public static class Publish {

		/**
		 * How long small concurrent publishes to one standard queue wait for each other to share a
		 * SendMessageBatch request (at most 10 entries); 0 sends every call at once. FIFO queues are
		 * never gathered.
		 */
		private Duration batchWindow = SqsOptions.DEFAULT_PUBLISH_BATCH_WINDOW;

		public Duration getBatchWindow() {
			return this.batchWindow;
		}

		public void setBatchWindow(Duration batchWindow) {
			this.batchWindow = batchWindow;
		}

	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getSendAttempts() {
		return this.sendAttempts;
	}

	public void setSendAttempts(int sendAttempts) {
		this.sendAttempts = sendAttempts;
	}

	public Duration getSendRetryDelay() {
		return this.sendRetryDelay;
	}

	public void setSendRetryDelay(Duration sendRetryDelay) {
		this.sendRetryDelay = sendRetryDelay;
	}

	public Duration getVisibilityMargin() {
		return this.visibilityMargin;
	}

	public void setVisibilityMargin(Duration visibilityMargin) {
		this.visibilityMargin = visibilityMargin;
	}

	public Duration getDefaultProcessingTimeout() {
		return this.defaultProcessingTimeout;
	}

	public void setDefaultProcessingTimeout(Duration defaultProcessingTimeout) {
		this.defaultProcessingTimeout = defaultProcessingTimeout;
	}

	public int getMinReceiveCount() {
		return this.minReceiveCount;
	}

	public void setMinReceiveCount(int minReceiveCount) {
		this.minReceiveCount = minReceiveCount;
	}

	public int getMaxReceiveCount() {
		return this.maxReceiveCount;
	}

	public void setMaxReceiveCount(int maxReceiveCount) {
		this.maxReceiveCount = maxReceiveCount;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getDeadLetterRetention() {
		return this.deadLetterRetention;
	}

	public void setDeadLetterRetention(Duration deadLetterRetention) {
		this.deadLetterRetention = deadLetterRetention;
	}

}
