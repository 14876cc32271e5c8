package dev.ferry.transport.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.ferry.core.FerryConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Runtime settings of the Kafka transport. Immutable; build with {@link #builder(String)}, which
 * validates every setting and names the offending {@code ferry.kafka.*} property when one is wrong.
 *
 * @param bootstrapServers {@code host:port,...} of the brokers
 * @param auth how the clients authenticate
 * @param scramSecretId Secrets Manager secret (name or ARN) holding {@code {"username","password"}}
 * for SCRAM; required when {@code auth = scram}, never the credentials themselves
 * @param iamRoleArn role the IAM login module assumes, or null for the default credentials chain
 * @param tls whether the connection is encrypted; null = on unless every broker is local
 * @param groupId base of the listeners' consumer groups ({@code <group-id>.<listener-id>})
 * @param deadLetterSuffix suffix of the default dead-letter topic ({@code <topic>.DLT})
 * @param maxRequestSize the producer's {@code max.request.size}: the largest record Ferry sends
 * @param defaultPartitions partitions of topics created by {@code ferry.provision=true}
 * @param replicationFactor wanted replication factor of created topics (capped by the broker count)
 * @param minInsyncReplicas wanted {@code min.insync.replicas} of created topics (capped likewise)
 * @param operationTimeout bound on admin calls and on the synchronous dead-letter publish
 * @param clientProperties extra Kafka client properties applied to producer, consumer and admin
 * (for example {@code ssl.truststore.location}); they may not carry credentials
 */
public record KafkaOptions(String bootstrapServers, KafkaAuth auth, @Nullable String scramSecretId,
		@Nullable String iamRoleArn, @Nullable Boolean tls, String groupId, String deadLetterSuffix, int maxRequestSize,
		int defaultPartitions, short replicationFactor, short minInsyncReplicas, Duration operationTimeout,
		Map<String, Object> clientProperties) {

	/**
	 * Kafka's default producer {@code max.request.size} (1 MiB), and the broker's default
	 * {@code message.max.bytes} is about the same (1 MiB + batch overhead); MSK keeps Kafka's defaults
	 * unless a custom configuration changes them. Sources:
	 * https://kafka.apache.org/documentation/#producerconfigs_max.request.size and
	 * https://docs.aws.amazon.com/msk/latest/developerguide/msk-default-configuration.html
	 */
	public static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

	/** MSK default replication factor on three-AZ clusters (msk-default-configuration.html). */
	public static final short DEFAULT_REPLICATION_FACTOR = 3;

	/** min.insync.replicas that keeps acks=all writes available through one broker loss (MSK Express default). */
	public static final short DEFAULT_MIN_INSYNC_REPLICAS = 2;

	public KafkaOptions {
		Objects.requireNonNull(auth, "auth");
		clientProperties = Map.copyOf(clientProperties);
		if (bootstrapServers == null || bootstrapServers.isBlank()) {
			throw new FerryConfigurationException("ferry.kafka.bootstrap-servers must be set (host:port,...)");
		}
		if (auth == KafkaAuth.SCRAM && (scramSecretId == null || scramSecretId.isBlank())) {
			throw new FerryConfigurationException("ferry.kafka.scram.secret-id must name the Secrets Manager secret "
					+ "(AmazonMSK_...) holding the SCRAM credentials when ferry.kafka.auth=scram");
		}
		if (auth == KafkaAuth.IAM && Boolean.FALSE.equals(tls)) {
			throw new FerryConfigurationException("ferry.kafka.tls=false is not possible with ferry.kafka.auth=iam: "
					+ "MSK IAM access control only works over SASL_SSL");
		}
		if (auth == KafkaAuth.MTLS && Boolean.FALSE.equals(tls)) {
			throw new FerryConfigurationException("ferry.kafka.tls=false contradicts ferry.kafka.auth=mtls");
		}
		if (groupId == null || groupId.isBlank()) {
			throw new FerryConfigurationException("ferry.kafka.group-id must not be empty");
		}
		if (deadLetterSuffix == null || deadLetterSuffix.isEmpty()) {
			throw new FerryConfigurationException("ferry.kafka.dead-letter-suffix must not be empty");
		}
		if (maxRequestSize < 1) {
			throw new FerryConfigurationException("ferry.kafka.max-request-size must be positive, was " + maxRequestSize);
		}
		if (defaultPartitions < 1) {
			throw new FerryConfigurationException("ferry.kafka.partitions must be at least 1, was " + defaultPartitions);
		}
		if (replicationFactor < 1 || minInsyncReplicas < 1) {
			throw new FerryConfigurationException("ferry.kafka.replication-factor and min-insync-replicas must be at least 1");
		}
		if (operationTimeout.isNegative() || operationTimeout.isZero()) {
			throw new FerryConfigurationException("ferry.kafka.operation-timeout must be positive");
		}
	}

	/**
	 * Every setting except secrets: the IAM role and the values of client properties that may carry
	 * credentials ({@link #isSensitive(String)}) show as {@code ****}, so options can be logged.
	 */
	@Override
	public String toString() {
		Map<String, Object> shown = new java.util.TreeMap<>();
		this.clientProperties.forEach((name, value) -> shown.put(name, isSensitive(name) ? "****" : value));
		return "KafkaOptions[bootstrapServers=" + this.bootstrapServers + ", auth=" + this.auth + ", scramSecretId="
				+ this.scramSecretId + ", iamRoleArn=" + (this.iamRoleArn != null ? "****" : null) + ", tls=" + this.tls
				+ ", groupId=" + this.groupId + ", deadLetterSuffix=" + this.deadLetterSuffix + ", maxRequestSize="
				+ this.maxRequestSize + ", defaultPartitions=" + this.defaultPartitions + ", replicationFactor="
				+ this.replicationFactor + ", minInsyncReplicas=" + this.minInsyncReplicas + ", operationTimeout="
				+ this.operationTimeout + ", clientProperties=" + shown + "]";
	}

	/**
	 * Whether a Kafka client property may hold a credential: {@code sasl.jaas.config}, any
	 * {@code *.password}, key material ({@code ssl.keystore.key}) and anything naming a secret, token
	 * or credential.
	 */
	public static boolean isSensitive(String propertyName) {
		String name = propertyName.toLowerCase(java.util.Locale.ROOT);
		return name.contains("jaas") || name.contains("password") || name.contains("secret") || name.contains("token")
				|| name.contains("credential") || name.endsWith(".key") || name.contains("sasl.login");
	}

	public static Builder builder(String bootstrapServers) {
		return new Builder(bootstrapServers);
	}

	/** Broker hosts of {@link #bootstrapServers()}, without ports. */
	public List<String> brokerHosts() {
		return java.util.Arrays.stream(this.bootstrapServers.split(","))
			.map(String::trim)
			.filter(server -> !server.isEmpty())
			.map(KafkaOptions::hostOf)
			.toList();
	}

	/** Whether every bootstrap broker is on this machine (localhost, 127.0.0.0/8, ::1). */
	public boolean allBrokersLocal() {
		return brokerHosts().stream().allMatch(KafkaOptions::isLocalHost);
	}

	/** Whether connections are encrypted, resolving the automatic default. */
	public boolean tlsEnabled() {
		if (this.auth == KafkaAuth.IAM || this.auth == KafkaAuth.MTLS) {
			return true;
		}
		return this.tls != null ? this.tls : !allBrokersLocal();
	}

	/** The dead-letter topic used for {@code topic} when the destination names none. */
	public String defaultDeadLetterTopic(String topic) {
		return topic + this.deadLetterSuffix;
	}

	static String hostOf(String server) {
		String hostPort = server.contains("://") ? server.substring(server.indexOf("://") + 3) : server;
		if (hostPort.startsWith("[")) {
			int end = hostPort.indexOf(']');
			return end > 0 ? hostPort.substring(1, end) : hostPort;
		}
		int colon = hostPort.lastIndexOf(':');
		return colon > 0 ? hostPort.substring(0, colon) : hostPort;
	}

	static boolean isLocalHost(String host) {
		return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1")
				|| host.equals("0:0:0:0:0:0:0:1");
	}

	/** Builder for {@link KafkaOptions}; not thread-safe. */
	public static final class Builder {

		private final String bootstrapServers;

		private KafkaAuth auth = KafkaAuth.NONE;

		private @Nullable String scramSecretId;

		private @Nullable String iamRoleArn;

		private @Nullable Boolean tls;

		private String groupId = "ferry";

		private String deadLetterSuffix = ".DLT";

		private int maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;

		private int defaultPartitions = 3;

		private short replicationFactor = DEFAULT_REPLICATION_FACTOR;

		private short minInsyncReplicas = DEFAULT_MIN_INSYNC_REPLICAS;

		private Duration operationTimeout = Duration.ofSeconds(30);

		private final Map<String, Object> clientProperties = new LinkedHashMap<>();

		private Builder(String bootstrapServers) {
			this.bootstrapServers = bootstrapServers;
		}

		public Builder auth(KafkaAuth auth) {
			this.auth = auth;
			return this;
		}

		public Builder scramSecretId(@Nullable String scramSecretId) {
			this.scramSecretId = scramSecretId;
			return this;
		}

		public Builder iamRoleArn(@Nullable String iamRoleArn) {
			this.iamRoleArn = iamRoleArn;
			return this;
		}

		public Builder tls(@Nullable Boolean tls) {
			this.tls = tls;
			return this;
		}

		public Builder groupId(String groupId) {
			this.groupId = groupId;
			return this;
		}

		public Builder deadLetterSuffix(String deadLetterSuffix) {
			this.deadLetterSuffix = deadLetterSuffix;
			return this;
		}

		public Builder maxRequestSize(int maxRequestSize) {
			this.maxRequestSize = maxRequestSize;
			return this;
		}

		public Builder defaultPartitions(int defaultPartitions) {
			this.defaultPartitions = defaultPartitions;
			return this;
		}

		public Builder replicationFactor(short replicationFactor) {
			this.replicationFactor = replicationFactor;
			return this;
		}

		public Builder minInsyncReplicas(short minInsyncReplicas) {
			this.minInsyncReplicas = minInsyncReplicas;
			return this;
		}

		public Builder operationTimeout(Duration operationTimeout) {
			this.operationTimeout = operationTimeout;
			return this;
		}

		public Builder clientProperty(String name, Object value) {
			this.clientProperties.put(name, value);
			return this;
		}

		public Builder clientProperties(Map<String, ?> properties) {
			this.clientProperties.putAll(properties);
			return this;
		}

		public KafkaOptions build() {
			return new KafkaOptions(this.bootstrapServers, this.auth, this.scramSecretId, this.iamRoleArn, this.tls,
					this.groupId, this.deadLetterSuffix, this.maxRequestSize, this.defaultPartitions,
					this.replicationFactor, this.minInsyncReplicas, this.operationTimeout, this.clientProperties);
		}

	}

}
