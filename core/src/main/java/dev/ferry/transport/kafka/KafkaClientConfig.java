package dev.ferry.transport.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Builds the Kafka client property maps from {@link KafkaOptions}: security (TLS, IAM, SCRAM,
 * mTLS), the hardened producer ({@code acks=all}, idempotence) and the consumer Ferry's containers
 * need (no auto-commit). Ferry's own settings are applied last, so extra client properties cannot
 * weaken them.
 */
public final class KafkaClientConfig {

	/** SASL mechanism name of aws-msk-iam-auth (configure-clients-for-iam-access-control.html). */
	public static final String IAM_MECHANISM = "AWS_MSK_IAM";

	/** Login module of aws-msk-iam-auth. */
	public static final String IAM_LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";

	/** Callback handler of aws-msk-iam-auth. */
	public static final String IAM_CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";

	/** The SCRAM mechanism MSK supports (msk-password-tutorial.html). */
	public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

	private final KafkaOptions options;

	private final @Nullable ScramCredentials scram;

	/**
	 * @param options transport options
	 * @param scram credentials fetched from Secrets Manager; required when {@code auth = scram}
	 */
	public KafkaClientConfig(KafkaOptions options, @Nullable ScramCredentials scram) {
		this.options = options;
		this.scram = scram;
		if (options.auth() == KafkaAuth.SCRAM && scram == null) {
			throw new IllegalArgumentException("SCRAM credentials are required when auth=scram");
		}
	}

	public KafkaOptions options() {
		return this.options;
	}

	/** Properties every client gets: servers, extra properties, then security. */
	public Map<String, Object> common() {
		Map<String, Object> props = new HashMap<>(this.options.clientProperties());
		props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, this.options.bootstrapServers());
		props.putAll(security());
		return props;
	}

	/** Security properties alone. */
	public Map<String, Object> security() {
		Map<String, Object> props = new HashMap<>();
		boolean tls = this.options.tlsEnabled();
		switch (this.options.auth()) {
			case NONE -> props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, tls ? "SSL" : "PLAINTEXT");
			case MTLS -> props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
			case IAM -> {
				props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
				props.put(SaslConfigs.SASL_MECHANISM, IAM_MECHANISM);
				String role = this.options.iamRoleArn();
				props.put(SaslConfigs.SASL_JAAS_CONFIG, IAM_LOGIN_MODULE + " required"
						+ (role != null ? " awsRoleArn=\"" + role + "\"" : "") + ";");
				props.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, IAM_CALLBACK_HANDLER);
			}
			case SCRAM -> {
				ScramCredentials credentials = java.util.Objects.requireNonNull(this.scram);
				props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, tls ? "SASL_SSL" : "SASL_PLAINTEXT");
				props.put(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
				props.put(SaslConfigs.SASL_JAAS_CONFIG,
						"org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
								+ escape(credentials.username()) + "\" password=\"" + escape(credentials.password())
								+ "\";");
			}
		}
		return props;
	}

	/** Producer: idempotent, acks=all, String keys, byte[] values, Ferry's max.request.size. */
	public Map<String, Object> producer() {
		Map<String, Object> props = common();
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, this.options.maxRequestSize());
		props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
		return props;
	}

	/** Consumer: Ferry's group, no auto-commit, earliest reset, at most {@code maxPollRecords} per poll. */
	public Map<String, Object> consumer(String groupId, int maxPollRecords) {
		Map<String, Object> props = common();
		props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return props;
	}

	/** Admin client. */
	public Map<String, Object> admin() {
		Map<String, Object> props = common();
		int timeout = (int) Math.min(Integer.MAX_VALUE, this.options.operationTimeout().toMillis());
		props.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeout);
		props.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
		return props;
	}

	private static String escape(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"");
	}

}
