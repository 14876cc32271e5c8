package dev.ferry.transport.kafka;

import java.util.Locale;

import dev.ferry.core.FerryConfigurationException;

/** How Ferry's Kafka clients authenticate to the brokers ({@code ferry.kafka.auth}). */
public enum KafkaAuth {

	/** No client authentication (local brokers, or TLS-only listeners when {@code tls} is on). */
	NONE,
	/** MSK IAM access control: SASL_SSL with the {@code AWS_MSK_IAM} mechanism of aws-msk-iam-auth. */
	IAM,
	/** SASL/SCRAM-SHA-512 with credentials read from AWS Secrets Manager at start-up. */
	SCRAM,
	/** Mutual TLS: the client presents a certificate from a key store. */
	MTLS;

	/** Parses {@code none | iam | scram | mtls}, case-insensitively. */
	public static KafkaAuth parse(String value) {
		try {
			return valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new FerryConfigurationException(
					"ferry.kafka.auth must be one of none, iam, scram, mtls; was '" + value + "'");
		}
	}

}
