package dev.ferry.autoconfigure.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.transport.kafka.KafkaAuth;
import dev.ferry.transport.kafka.KafkaOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of Ferry's Kafka / Amazon MSK transport, under {@code ferry.kafka.*}.
 */
@ConfigurationProperties("ferry.kafka")
public class FerryKafkaProperties {

	/**
	 * Comma-separated host:port list of the brokers. Falls back to spring.kafka.bootstrap-servers.
	 */
	private @Nullable String bootstrapServers;

	/**
	 * How the clients authenticate: none, iam (MSK IAM access control), scram (SASL/SCRAM-SHA-512 with
	 * credentials from Secrets Manager) or mtls.
	 */
	private KafkaAuth auth = KafkaAuth.NONE;

	/**
	 * Whether connections are encrypted. Unset means on, unless every broker is local.
	 */
	private @Nullable Boolean tls;

	/**
	 * Base of the listeners' consumer groups: each listener reads in "{group-id}.{listener-id}" (a destination may replace the base with its group-id property, or name one exact group with consumer-group).
	 */
	private String groupId = "ferry";

	/**
	 * Suffix of the default dead-letter topic of a destination.
	 */
	private String deadLetterSuffix = ".DLT";

	/**
	 * Largest record the producer sends (its max.request.size).
	 */
	private DataSize maxRequestSize = DataSize.ofBytes(KafkaOptions.DEFAULT_MAX_REQUEST_SIZE);

	/**
	 * Partitions of topics created when ferry.provision is true.
	 */
	private int partitions = 3;

	/**
	 * Replication factor of created topics, capped by the number of brokers.
	 */
	private short replicationFactor = KafkaOptions.DEFAULT_REPLICATION_FACTOR;

	/**
	 * min.insync.replicas of created topics, capped by their replication factor.
	 */
	private short minInsyncReplicas = KafkaOptions.DEFAULT_MIN_INSYNC_REPLICAS;

	/**
	 * Bound on admin calls and on the synchronous publish of a dead letter.
	 */
	private Duration operationTimeout = Duration.ofSeconds(30);

	/**
	 * Additional Kafka client properties for producer, consumer and admin (never credentials).
	 */
	private Map<String, String> properties = new LinkedHashMap<>();

	private final Scram scram = new Scram();

	private final Iam iam = new Iam();

	public @Nullable String getBootstrapServers() {
		return this.bootstrapServers;
	}

	public void setBootstrapServers(@Nullable String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
	}

	public KafkaAuth getAuth() {
		return this.auth;
	}

	public void setAuth(KafkaAuth auth) {
		this.auth = auth;
	}

	public @Nullable Boolean getTls() {
		return this.tls;
	}

	public void setTls(@Nullable Boolean tls) {
		this.tls = tls;
	}

	public String getGroupId() {
		return this.groupId;
	}

	public void setGroupId(String groupId) {
		this.groupId = groupId;
	}

	public String getDeadLetterSuffix() {
		return this.deadLetterSuffix;
	}

	public void setDeadLetterSuffix(String deadLetterSuffix) {
		this.deadLetterSuffix = deadLetterSuffix;
	}

	public DataSize getMaxRequestSize() {
		return this.maxRequestSize;
	}

	public void setMaxRequestSize(DataSize maxRequestSize) {
		this.maxRequestSize = maxRequestSize;
	}

	public int getPartitions() {
		return this.partitions;
	}

	public void setPartitions(int partitions) {
		this.partitions = partitions;
	}

	public short getReplicationFactor() {
		return this.replicationFactor;
	}

	public void setReplicationFactor(short replicationFactor) {
		this.replicationFactor = replicationFactor;
	}

	public short getMinInsyncReplicas() {
		return this.minInsyncReplicas;
	}

	public void setMinInsyncReplicas(short minInsyncReplicas) {
		this.minInsyncReplicas = minInsyncReplicas;
	}

	public Duration getOperationTimeout() {
		return this.operationTimeout;
	}

	public void setOperationTimeout(Duration operationTimeout) {
		this.operationTimeout = operationTimeout;
	}

	public Map<String, String> getProperties() {
		return this.properties;
	}

	public void setProperties(Map<String, String> properties) {
		this.properties = properties;
	}

	public Scram getScram() {
		return this.scram;
	}

	public Iam getIam() {
		return this.iam;
	}

	/** Builds the transport options, with the given bootstrap servers. */
	public KafkaOptions toOptions(String servers) {
		return KafkaOptions.builder(servers)
			.auth(this.auth)
			.scramSecretId(this.scram.getSecretId())
			.iamRoleArn(this.iam.getRoleArn())
			.tls(this.tls)
			.groupId(this.groupId)
			.deadLetterSuffix(this.deadLetterSuffix)
			.maxRequestSize((int) Math.min(Integer.MAX_VALUE, this.maxRequestSize.toBytes()))
			.defaultPartitions(this.partitions)
			.replicationFactor(this.replicationFactor)
			.minInsyncReplicas(this.minInsyncReplicas)
			.operationTimeout(this.operationTimeout)
			.clientProperties(this.properties)
			.build();
	}

	/** SASL/SCRAM settings. */
	public static class Scram {

		/**
		 * Name or ARN of the Secrets Manager secret holding {"username","password"}; MSK requires the
		 * name to start with AmazonMSK_.
		 */
		private @Nullable String secretId;

		/**
		 * Region of the Secrets Manager client Ferry creates when the application defines none.
		 */
		private @Nullable String region;

		/**
		 * Endpoint override of that Secrets Manager client (tests, VPC endpoints).
		 */
		private @Nullable String endpoint;

		public @Nullable String getSecretId() {
			return this.secretId;
		}

		public void setSecretId(@Nullable String secretId) {
			this.secretId = secretId;
		}

		public @Nullable String getRegion() {
			return this.region;
		}

		public void setRegion(@Nullable String region) {
			this.region = region;
		}

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

	}

	/** MSK IAM settings. */
	public static class Iam {

		/**
		 * Role the IAM login module assumes; unset uses the default AWS credentials chain.
		 */
		private @Nullable String roleArn;

		public @Nullable String getRoleArn() {
			return this.roleArn;
		}

		public void setRoleArn(@Nullable String roleArn) {
			this.roleArn = roleArn;
		}

	}

}
