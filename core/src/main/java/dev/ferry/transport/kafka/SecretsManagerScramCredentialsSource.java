package dev.ferry.transport.kafka;

import java.util.Optional;

import dev.ferry.core.FerryConfigurationException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads SCRAM credentials from an AWS Secrets Manager secret shaped as MSK requires:
 * {@code {"username": "...", "password": "..."}} (see
 * https://docs.aws.amazon.com/msk/latest/developerguide/msk-password-tutorial.html). The secret's
 * value is never logged.
 */
public final class SecretsManagerScramCredentialsSource implements ScramCredentialsSource {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final SecretsManagerClient client;

	public SecretsManagerScramCredentialsSource(SecretsManagerClient client) {
		this.client = client;
	}

	/** {@code DescribeSecret}: the secret's KMS key and rotation, never its value. */
	@Override
	public Optional<SecretDescription> describe(String secretId) {
		DescribeSecretResponse response = this.client.describeSecret(request -> request.secretId(secretId));
		return Optional.of(new SecretDescription(response.kmsKeyId(), Boolean.TRUE.equals(response.rotationEnabled())));
	}

	@Override
	public ScramCredentials fetch(String secretId) {
		GetSecretValueResponse response;
		try {
			response = this.client.getSecretValue(request -> request.secretId(secretId));
		}
		catch (SdkException ex) {
			throw new FerryConfigurationException("Could not read SCRAM secret '" + secretId
					+ "' from Secrets Manager (ferry.kafka.scram.secret-id): " + ex.getMessage()
					+ ". Check the secret exists and the role may call secretsmanager:GetSecretValue on it");
		}
		String json = response.secretString();
		if (json == null) {
			throw new FerryConfigurationException("SCRAM secret '" + secretId
					+ "' has no SecretString; store {\"username\":\"...\",\"password\":\"...\"} as text");
		}
		try {
			JsonNode node = MAPPER.readTree(json);
			JsonNode username = node.get("username");
			JsonNode password = node.get("password");
			if (username == null || password == null || username.asString().isEmpty()) {
				throw new FerryConfigurationException(
						"SCRAM secret '" + secretId + "' must hold the fields \"username\" and \"password\"");
			}
			return new ScramCredentials(username.asString(), password.asString());
		}
		catch (JacksonException ex) {
			// The message of a JSON parse error may quote the secret: do not pass it on.
			throw new FerryConfigurationException(
					"SCRAM secret '" + secretId + "' is not JSON of the form {\"username\",\"password\"}");
		}
	}

}
