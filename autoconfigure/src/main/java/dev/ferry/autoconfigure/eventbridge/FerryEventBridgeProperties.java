package dev.ferry.autoconfigure.eventbridge;

import java.net.URI;
import java.time.Duration;

import dev.ferry.transport.eventbridge.EventBridgeOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of Ferry's EventBridge transport ({@code ferry.eventbridge.*}). Per-bus and per-rule
 * settings go under {@code ferry.destinations.<name>.properties} and {@code .subscription}.
 */
@ConfigurationProperties("ferry.eventbridge")
public class FerryEventBridgeProperties {

	/** Whether to register the EventBridge transport when the EventBridge SDK is present. */
	private boolean enabled = true;

	/**
	 * Endpoint of the EventBridge client Ferry creates when the application defines none; by
	 * default AWS's, or the local stand-in's under ferry.local.
	 */
	private @Nullable URI endpoint;

	/**
	 * Size limit of one PutEvents request, counted by AWS's entry-size rule (1 MB since 2026; whether
	 * AWS applies it per entry or per request is unverified, so Ferry applies it per request).
	 */
	private DataSize maxRequestSize = DataSize.ofBytes(EventBridgeOptions.defaults().maxRequestBytes());

	/** Attempts per event when PutEvents fails it with a retryable code (ThrottlingException, InternalFailure). */
	private int sendAttempts = EventBridgeOptions.defaults().sendAttempts();

	/** Pause before the first re-send; doubled for each further attempt. */
	private Duration sendRetryDelay = EventBridgeOptions.defaults().sendRetryDelay();

	/** Longest pause between two send attempts. */
	private Duration maxSendRetryDelay = EventBridgeOptions.defaults().maxSendRetryDelay();

	/** MaximumRetryAttempts of the retry policy given to rule targets created when ferry.provision=true. */
	private int targetMaxRetryAttempts = EventBridgeOptions.defaults().targetMaxRetryAttempts();

	/** MaximumEventAgeInSeconds of the retry policy given to rule targets created when ferry.provision=true. */
	private Duration targetMaxEventAge = EventBridgeOptions.defaults().targetMaxEventAge();

	private final Publish publish = new Publish();

	/** These settings as validated transport options. */
	public EventBridgeOptions toOptions() {
		return new EventBridgeOptions(this.maxRequestSize.toBytes(), this.sendAttempts, this.sendRetryDelay,
				this.maxSendRetryDelay, this.targetMaxRetryAttempts, this.targetMaxEventAge, this.publish.getBatchWindow());
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable URI getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable URI endpoint) {
		this.endpoint = endpoint;
	}

	public DataSize getMaxRequestSize() {
		return this.maxRequestSize;
	}

	public void setMaxRequestSize(DataSize maxRequestSize) {
		this.maxRequestSize = maxRequestSize;
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

	public Duration getMaxSendRetryDelay() {
		return this.maxSendRetryDelay;
	}

	public void setMaxSendRetryDelay(Duration maxSendRetryDelay) {
		this.maxSendRetryDelay = maxSendRetryDelay;
	}

	public int getTargetMaxRetryAttempts() {
		return this.targetMaxRetryAttempts;
	}

	public void setTargetMaxRetryAttempts(int targetMaxRetryAttempts) {
		this.targetMaxRetryAttempts = targetMaxRetryAttempts;
	}

	public Duration getTargetMaxEventAge() {
		return this.targetMaxEventAge;
	}

	public void setTargetMaxEventAge(Duration targetMaxEventAge) {
		this.targetMaxEventAge = targetMaxEventAge;
	}

	public Publish getPublish() {
		return this.publish;
	}

	/** Publishing settings. */
	public static class Publish {

		/**
		 * How long small concurrent publishes to one destination wait for each other to share a PutEvents
		 * request (at most 10 entries); 0 sends every call at once.
		 */
		private Duration batchWindow = EventBridgeOptions.DEFAULT_PUBLISH_BATCH_WINDOW;

		public Duration getBatchWindow() {
			return this.batchWindow;
		}

		public void setBatchWindow(Duration batchWindow) {
			this.batchWindow = batchWindow;
		}

	}

}
