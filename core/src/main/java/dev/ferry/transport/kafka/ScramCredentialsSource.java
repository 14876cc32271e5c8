package dev.ferry.transport.kafka;

/**
 * Where SCRAM credentials come from: a Secrets Manager secret id in, credentials out. Called once
 * per client creation at start-up; implementations may cache.
 */
@FunctionalInterface
public interface ScramCredentialsSource {

	/**
	 * @param secretId secret name or ARN
	 * @throws dev.ferry.core.FerryConfigurationException when the secret cannot be read or has no
	 * username/password
	 */
	ScramCredentials fetch(String secretId);

}
