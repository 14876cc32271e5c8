package dev.ferry.autoconfigure.sns;

import java.time.Duration;

import dev.ferry.transport.sns.SnsOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of Ferry's SNS transport ({@code ferry.sns.*}). The clients (region, endpoint,
 * credentials) come from Spring Cloud AWS ({@code spring.cloud.aws.*}); per-topic settings go under
 * {@code ferry.destinations.<name>.properties} and each listener's subscription under
 * {@code ferry.destinations.<name>.subscription}.
 */
@ConfigurationProperties("ferry.sns")
public class FerrySnsProperties {

	/** Whether to register the SNS transport when the SNS SDK and the clients are present. */
	private boolean enabled = true;

	/** Largest message, text plus attributes, accepted at publish (SNS's default topic limit is 256 KB). */
	private DataSize maxMessageSize = DataSize.ofBytes(SnsOptions.defaults().maxMessageBytes());

	/** Attempts per message when SNS reports a retryable failure for a batch entry. */
	private int publishAttempts = SnsOptions.defaults().publishAttempts();

	/** Pause before re-sending entries that failed for a retryable reason; doubles per attempt. */
	private Duration publishRetryDelay = SnsOptions.defaults().publishRetryDelay();

	/** Whether notification envelopes read from subscription queues must carry a valid SNS signature. */
	private boolean verifySignatures;

	/** Redrive maxReceiveCount of subscription queues created when ferry.provision=true, at least. */
	private int maxReceiveCount = SnsOptions.defaults().defaultReceiveCount();

	private final Publish publish = new Publish();

	/** These settings as validated transport options. */
	public SnsOptions toOptions() {
		return SnsOptions.defaults()
			.withMaxMessageBytes(this.maxMessageSize.toBytes())
			.withPublishAttempts(this.publishAttempts, this.publishRetryDelay)
			.withVerifySignatures(this.verifySignatures)
			.withDefaultReceiveCount(this.maxReceiveCount)
			.withPublishBatchWindow(this.publish.getBatchWindow());
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

	public int getPublishAttempts() {
		return this.publishAttempts;
	}

	public void setPublishAttempts(int publishAttempts) {
		this.publishAttempts = publishAttempts;
	}

	public Duration getPublishRetryDelay() {
		return this.publishRetryDelay;
	}

	public void setPublishRetryDelay(Duration publishRetryDelay) {
		this.publishRetryDelay = publishRetryDelay;
	}

	public boolean isVerifySignatures() {
		return this.verifySignatures;
	}

	public void setVerifySignatures(boolean verifySignatures) {
		this.verifySignatures = verifySignatures;
	}

	public int getMaxReceiveCount() {
		return this.maxReceiveCount;
	}

	public void setMaxReceiveCount(int maxReceiveCount) {
		this.maxReceiveCount = maxReceiveCount;
	}

	public Publish getPublish() {
		return this.publish;
	}

	/** Publishing settings. */
	public static class Publish {

		/**
		 * How long small concurrent publishes to one standard topic wait for each other to share a
		 * PublishBatch request (at most 10 entries); 0 sends every call at once. FIFO topics are never
		 * gathered.
		 */
		private Duration batchWindow = SnsOptions.DEFAULT_PUBLISH_BATCH_WINDOW;

		public Duration getBatchWindow() {
			return this.batchWindow;
		}

		public void setBatchWindow(Duration batchWindow) {
			this.batchWindow = batchWindow;
		}

	}

}
