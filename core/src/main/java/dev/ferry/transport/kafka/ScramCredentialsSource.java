package dev.ferry.transport.kafka;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

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

	/**
	 * What hardening checks about the secret (its KMS key and rotation), looked up without reading its
	 * value; empty where this source cannot say. Throws a {@link RuntimeException} where the lookup
	 * fails (no permission), so that hardening reports what it could not verify.
	 * @param secretId secret name or ARN
	 */
	default Optional<SecretDescription> describe(String secretId) {
		return Optional.empty();
	}

	/**
	 * @param kmsKeyId the key the secret is encrypted with, null for the account's default
	 * ({@code aws/secretsmanager})
	 * @param rotationEnabled whether Secrets Manager rotates the secret
	 */
	record SecretDescription(@Nullable String kmsKeyId, boolean rotationEnabled) {
	}

}
