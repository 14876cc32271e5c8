package dev.ferry.autoconfigure.local;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ferry.local.*}: local stand-ins for AWS services. Read by
 * {@link FerryLocalEnvironmentPostProcessor} before the context exists; bound here for metadata
 * and validation.
 */
@ConfigurationProperties("ferry.local")
public class FerryLocalProperties {

	/**
	 * Whether to start local stand-ins for AWS services (SQS on embedded ElasticMQ, SNS, EventBridge) inside
	 * the application and point the AWS clients at them. For development and tests only; needs
	 * ferry-test on the classpath.
	 */
	private boolean enabled;

	/**
	 * Stand-ins to start, by name ("aws", ...); empty starts every one found on the classpath.
	 */
	private List<String> standIns = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getStandIns() {
		return this.standIns;
	}

	public void setStandIns(List<String> standIns) {
		this.standIns = standIns;
	}

}
