package dev.ferry.transport.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.ferry.core.FerryException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.hardening.Severity;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.jspecify.annotations.Nullable;

/**
 * Start-up checks of the Kafka/MSK client configuration and of the topics behind Kafka
 * destinations. Rules:
 * <ul>
 * <li>{@code KAFKA-TLS-001} (critical): plaintext connection to a non-local broker.</li>
 * <li>{@code KAFKA-CRED-001} (critical): credentials inline in {@code sasl.jaas.config} or a
 * password property among the client properties.</li>
 * <li>{@code KAFKA-CRED-002} (critical): Kafka credentials in environment variables.</li>
 * <li>{@code KAFKA-SECRET-001} (warning): SCRAM secret name without the {@code AmazonMSK_} prefix
 * MSK requires.</li>
 * <li>{@code KAFKA-SECRET-002} (critical): SCRAM secret without a customer-managed KMS key
 * ({@code DescribeSecret}); INFO where the secret cannot be described.</li>
 * <li>{@code KAFKA-SECRET-003} (warning): SCRAM secret rotation off.</li>
 * <li>{@code KAFKA-PRODUCER-001} (warning): the configured client properties ask for weaker acks or no
 * idempotence, which Ferry overrides.</li>
 * <li>{@code KAFKA-CONSUMER-001} (warning): the configured client properties turn auto-commit on, which
 * Ferry overrides.</li>
 * <li>{@code KAFKA-TOPIC-001} (critical) / {@code KAFKA-DLT-001} (warning): topic / dead-letter topic missing.</li>
 * <li>{@code KAFKA-RF-001} / {@code KAFKA-ISR-001} (warning): replication factor below 3 /
 * {@code min.insync.replicas} below 2; reported as an INFO "skipped" finding when the cluster has
 * fewer than three brokers.</li>
 * </ul>
 */
public final class KafkaHardeningInspector implements HardeningInspector {

	static final String MSK_PORTS_DOC = "https://docs.aws.amazon.com/msk/latest/developerguide/port-info.html";

	static final String MSK_SCRAM_DOC = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-password-tutorial.html";

	static final String MSK_DEFAULTS_DOC = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-default-configuration.html";

	static final String SECRETS_DOC = "https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_identities_secrets.html";

	static final String KAFKA_PRODUCER_DOC = "https://kafka.apache.org/documentation/#producerconfigs_acks";

	static final String KAFKA_CONSUMER_DOC = "https://kafka.apache.org/documentation/#consumerconfigs_enable.auto.commit";

	/** Secret name prefix MSK requires for SCRAM secrets (msk-password-tutorial.html). */
	public static final String MSK_SECRET_PREFIX = "AmazonMSK_";

	private final KafkaClientConfig config;

	private final KafkaTopics topics;

	private final Map<String, String> environment;

	private final Function<Destination, @Nullable String> deadLetterTopics;

	private final @Nullable ScramCredentialsSource secrets;

	/**
	 * @param config the effective client configuration
	 * @param topics admin access for the topic rules
	 * @param environment environment variables to check (normally {@code System.getenv()})
	 * @param deadLetterTopics the dead-letter topic of a destination, null when dead-lettering is off
	 */
	public KafkaHardeningInspector(KafkaClientConfig config, KafkaTopics topics, Map<String, String> environment,
			Function<Destination, @Nullable String> deadLetterTopics) {
		this(config, topics, environment, deadLetterTopics, null);
	}

	/**
	 * @param secrets describes the SCRAM secret for the KAFKA-SECRET-002/003 rules; null skips them
	 */
	public KafkaHardeningInspector(KafkaClientConfig config, KafkaTopics topics, Map<String, String> environment,
			Function<Destination, @Nullable String> deadLetterTopics, @Nullable ScramCredentialsSource secrets) {
		this.secrets = secrets;
		this.config = config;
		this.topics = topics;
		this.environment = Map.copyOf(environment);
		this.deadLetterTopics = deadLetterTopics;
	}

	@Override
	public String name() {
		return KafkaTransport.NAME;
	}

	@Override
	public Set<String> ruleIds() {
		return Set.of("KAFKA-ADMIN-001", "KAFKA-CONSUMER-001", "KAFKA-CRED-001", "KAFKA-CRED-002", "KAFKA-DLT-001",
				"KAFKA-ISR-001", "KAFKA-PRODUCER-001", "KAFKA-RF-001", "KAFKA-SECRET-001", "KAFKA-SECRET-002",
				"KAFKA-SECRET-003", "KAFKA-TLS-001",
				"KAFKA-TOPIC-001");
	}

	@Override
	public List<Finding> inspect(Collection<Destination> destinations) {
		List<Finding> findings = new ArrayList<>(inspectClients(this.config.options(), this.config.producer(),
				this.config.consumer(this.config.options().groupId(), 1), this.environment));
		findings.addAll(inspectSecret(this.config.options(), this.secrets));
		if (destinations.isEmpty()) {
			return findings;
		}
		int brokers;
		try {
			brokers = this.topics.brokerCount();
		}
		catch (FerryException ex) {
			findings.add(new Finding("KAFKA-ADMIN-001", Severity.WARNING, this.config.options().bootstrapServers(),
					"The cluster could not be inspected: " + ex.getMessage(),
					"Allow Describe on the cluster and its topics to the client's principal", MSK_DEFAULTS_DOC));
			return findings;
		}
		for (Destination destination : destinations) {
			inspectTopic(destination.resource(), "ferry.destinations." + destination.name(), "KAFKA-TOPIC-001",
					Severity.CRITICAL, brokers, findings);
			String deadLetter = this.deadLetterTopics.apply(destination);
			if (deadLetter != null) {
				inspectTopic(deadLetter, "dead-letter topic of ferry.destinations." + destination.name(),
						"KAFKA-DLT-001", Severity.WARNING, brokers, findings);
			}
		}
		return findings;
	}

	private void inspectTopic(String topic, String what, String missingRule, Severity missingSeverity, int brokers,
			List<Finding> findings) {
		Optional<KafkaTopics.TopicInfo> info = this.topics.describe(topic);
		if (info.isEmpty()) {
			findings.add(new Finding(missingRule, missingSeverity, topic, "Topic (" + what + ") does not exist",
					"Create it with replication factor 3 and min.insync.replicas 2, or set ferry.provision=true",
					MSK_DEFAULTS_DOC));
			return;
		}
		findings.addAll(inspectDurability(info.get(), brokers));
	}

	/** Client-side rules, from the effective producer/consumer properties. */
	static List<Finding> inspectClients(KafkaOptions options, Map<String, Object> producer,
			Map<String, Object> consumer, Map<String, String> environment) {
		List<Finding> findings = new ArrayList<>();
		String servers = options.bootstrapServers();
		String protocol = String.valueOf(producer.getOrDefault("security.protocol", "PLAINTEXT"));
		if (!protocol.endsWith("SSL") && !options.allBrokersLocal()) {
			findings.add(new Finding("KAFKA-TLS-001", Severity.CRITICAL, servers,
					"Connection to non-local brokers is not encrypted (security.protocol=" + protocol + ")",
					"Use the TLS (9094), SASL/SCRAM (9096) or IAM (9098) listener; do not set ferry.kafka.tls=false",
					MSK_PORTS_DOC));
		}
		Object jaas = options.clientProperties().get(SaslConfigs.SASL_JAAS_CONFIG);
		boolean passwordProperty = options.clientProperties().keySet().stream()
			.anyMatch(name -> name.endsWith(".password") && !name.startsWith("ssl.truststore"));
		if ((jaas != null && jaas.toString().contains("password")) || passwordProperty) {
			findings.add(new Finding("KAFKA-CRED-001", Severity.CRITICAL, servers,
					"Kafka credentials are written in the client properties (sasl.jaas.config or *.password)",
					"Set ferry.kafka.auth=scram with ferry.kafka.scram.secret-id (Secrets Manager), or use IAM",
					SECRETS_DOC));
		}
		List<String> variables = environment.keySet().stream()
			.filter(name -> name.contains("SASL_JAAS_CONFIG") || name.matches(".*KAFKA.*PASSWORD.*"))
			.sorted()
			.toList();
		if (!variables.isEmpty()) {
			findings.add(new Finding("KAFKA-CRED-002", Severity.CRITICAL, servers,
					"Kafka credentials are passed in environment variables " + variables,
					"Remove them; keep the credentials in Secrets Manager (ferry.kafka.scram.secret-id) or use IAM",
					SECRETS_DOC));
		}
		if (options.auth() == KafkaAuth.SCRAM && options.scramSecretId() != null
				&& !secretName(options.scramSecretId()).startsWith(MSK_SECRET_PREFIX)) {
			findings.add(new Finding("KAFKA-SECRET-001", Severity.WARNING, options.scramSecretId(),
					"SCRAM secret name does not start with " + MSK_SECRET_PREFIX
							+ "; MSK cannot associate it with the cluster",
					"Store the credentials in a secret named " + MSK_SECRET_PREFIX
							+ "..., encrypted with a customer-managed KMS key",
					MSK_SCRAM_DOC));
		}
		// Ferry forces acks=all, idempotence and manual commits whatever the user configures; what these
		// rules can usefully say is that a configured weaker value is ignored, not that the client is weak.
		Map<String, Object> configured = options.clientProperties();
		Object acks = configured.get(ProducerConfig.ACKS_CONFIG);
		Object idempotence = configured.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
		boolean weakAcks = acks != null && !("all".equals(String.valueOf(acks)) || "-1".equals(String.valueOf(acks)));
		boolean noIdempotence = idempotence != null && !Boolean.parseBoolean(String.valueOf(idempotence));
		if (weakAcks || noIdempotence) {
			findings.add(new Finding("KAFKA-PRODUCER-001", Severity.WARNING, servers,
					"ferry.kafka.properties sets " + (weakAcks ? "acks=" + acks : "")
							+ (weakAcks && noIdempotence ? " and " : "")
							+ (noIdempotence ? "enable.idempotence=" + idempotence : "") + "; Ferry overrides it with acks="
							+ producer.get(ProducerConfig.ACKS_CONFIG) + " and enable.idempotence="
							+ producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)
							+ ", so the setting has no effect",
					"Remove it from ferry.kafka.properties", KAFKA_PRODUCER_DOC));
		}
		Object autoCommit = configured.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
		if (autoCommit != null && Boolean.parseBoolean(String.valueOf(autoCommit))) {
			findings.add(new Finding("KAFKA-CONSUMER-001", Severity.WARNING, servers,
					"ferry.kafka.properties sets enable.auto.commit=true; Ferry overrides it with enable.auto.commit="
							+ consumer.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)
							+ " and commits after each outcome, so the setting has no effect",
					"Remove it from ferry.kafka.properties", KAFKA_CONSUMER_DOC));
		}
		return findings;
	}

	/**
	 * The SCRAM secret as Secrets Manager describes it ({@code DescribeSecret}): MSK cannot use a secret
	 * encrypted with the default key {@code aws/secretsmanager} (KAFKA-SECRET-002, critical); a secret
	 * that is never rotated is a warning (KAFKA-SECRET-003). Where the secret cannot be described, one
	 * INFO finding says so.
	 */
	public static List<Finding> inspectSecret(KafkaOptions options, @Nullable ScramCredentialsSource secrets) {
		String secretId = options.scramSecretId();
		if (options.auth() != KafkaAuth.SCRAM || secretId == null || secrets == null) {
			return List.of();
		}
		Optional<ScramCredentialsSource.SecretDescription> described;
		try {
			described = secrets.describe(secretId);
		}
		catch (RuntimeException ex) {
			return List.of(new Finding("KAFKA-SECRET-002", Severity.INFO, secretId,
					"Could not describe the SCRAM secret (DescribeSecret failed: " + ex.getMessage()
							+ "): its KMS key and rotation are not verified",
					"Allow secretsmanager:DescribeSecret on the secret to the application's role", MSK_SCRAM_DOC));
		}
		if (described.isEmpty()) {
			return List.of();
		}
		List<Finding> findings = new ArrayList<>();
		String kmsKeyId = described.get().kmsKeyId();
		if (kmsKeyId == null || kmsKeyId.isBlank() || kmsKeyId.endsWith("aws/secretsmanager")) {
			findings.add(new Finding("KAFKA-SECRET-002", Severity.CRITICAL, secretId,
					"SCRAM secret is encrypted with the default key aws/secretsmanager"
							+ (kmsKeyId == null || kmsKeyId.isBlank() ? " (no KmsKeyId)" : "")
							+ ": MSK cannot use secrets encrypted with it, so the cluster cannot be associated",
					"Re-create the secret with KmsKeyId set to a customer-managed KMS key", MSK_SCRAM_DOC));
		}
		if (!described.get().rotationEnabled()) {
			findings.add(new Finding("KAFKA-SECRET-003", Severity.WARNING, secretId,
					"SCRAM secret is never rotated: a leaked password stays valid until someone changes it",
					"Turn on rotation for the secret (Secrets Manager rotation with a rotation function)",
					MSK_SCRAM_DOC));
		}
		return findings;
	}

	/** Topic durability rules; skipped (INFO) on clusters of fewer than three brokers. */
	static List<Finding> inspectDurability(KafkaTopics.TopicInfo topic, int brokers) {
		List<Finding> findings = new ArrayList<>();
		if (brokers < KafkaOptions.DEFAULT_REPLICATION_FACTOR) {
			findings.add(new Finding("KAFKA-RF-001", Severity.INFO, topic.name(),
					"Replication checks skipped, cluster has fewer brokers (" + brokers + ") than 3",
					"Nothing to do on a development cluster; production clusters span three AZs", MSK_DEFAULTS_DOC));
			return findings;
		}
		if (topic.replicationFactor() < KafkaOptions.DEFAULT_REPLICATION_FACTOR) {
			findings.add(new Finding("KAFKA-RF-001", Severity.WARNING, topic.name(),
					"Replication factor is " + topic.replicationFactor() + "; a broker loss can lose records",
					"Recreate or reassign the topic with replication factor 3", MSK_DEFAULTS_DOC));
		}
		if (topic.minInsyncReplicas() >= 0 && topic.minInsyncReplicas() < KafkaOptions.DEFAULT_MIN_INSYNC_REPLICAS) {
			findings.add(new Finding("KAFKA-ISR-001", Severity.WARNING, topic.name(),
					"min.insync.replicas is " + topic.minInsyncReplicas() + "; acks=all then waits for one replica only",
					"Set min.insync.replicas=2 on the topic", MSK_DEFAULTS_DOC));
		}
		return findings;
	}

	/** The name part of a secret id that may be an ARN ({@code arn:aws:secretsmanager:...:secret:NAME-abc123}). */
	static String secretName(String secretId) {
		int marker = secretId.indexOf(":secret:");
		return marker >= 0 ? secretId.substring(marker + ":secret:".length()) : secretId;
	}

}
