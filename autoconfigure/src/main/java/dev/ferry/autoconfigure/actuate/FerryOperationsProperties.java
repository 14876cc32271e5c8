package dev.ferry.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of Ferry's health contributors and backlog gauges.
 */
@ConfigurationProperties("ferry.operations")
public class FerryOperationsProperties {

	/**
	 * Longest wait for a transport's backend in a health check; no answer in time is DOWN.
	 */
	private Duration healthTimeout = Duration.ofSeconds(3);

	/**
	 * Failed deliveries in a row (retried or dead-lettered, no success in between) after which a
	 * listener's health is DOWN.
	 */
	private int failingAfter = 10;

	/**
	 * How often the backlog gauges ask the transports for queue depth and consumer lag.
	 */
	private Duration backlogInterval = Duration.ofSeconds(30);

	/**
	 * Longest wait of the ferry endpoint for a redrive's answer (SQS: the task handle; Kafka: the
	 * records moved).
	 */
	private Duration redriveTimeout = Duration.ofSeconds(30);

	public Duration getRedriveTimeout() {
		return this.redriveTimeout;
	}

	public void setRedriveTimeout(Duration redriveTimeout) {
		this.redriveTimeout = redriveTimeout;
	}

	public Duration getHealthTimeout() {
		return this.healthTimeout;
	}

	public void setHealthTimeout(Duration healthTimeout) {
		this.healthTimeout = healthTimeout;
	}

	public int getFailingAfter() {
		return this.failingAfter;
	}

	public void setFailingAfter(int failingAfter) {
		this.failingAfter = failingAfter;
	}

	public Duration getBacklogInterval() {
		return this.backlogInterval;
	}

	public void setBacklogInterval(Duration backlogInterval) {
		this.backlogInterval = backlogInterval;
	}

}
