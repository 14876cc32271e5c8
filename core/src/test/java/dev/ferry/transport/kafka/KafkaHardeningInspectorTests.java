package dev.ferry.transport.kafka;

import static dev.ferry.transport.kafka.KafkaTestSupport.options;
import static dev.ferry.transport.kafka.KafkaTestSupport.topicDestination;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.Severity;
import org.junit.jupiter.api.Test;

/** Every hardening rule, firing and silent. */
class KafkaHardeningInspectorTests {

	private static final String REMOTE = "b-1.msk.example.com:9096";

	private static List<String> ids(List<Finding> findings) {
		return findings.stream().map(Finding::id).toList();
	}

	private static List<Finding> clients(KafkaOptions options, Map<String, String> environment) {
		KafkaClientConfig config = new KafkaClientConfig(options,
				options.auth() == KafkaAuth.SCRAM ? new ScramCredentials("u", "p") : null);
		return KafkaHardeningInspector.inspectClients(options, config.producer(), config.consumer("g", 1), environment);
	}

	@Test
	void hardenedRemoteScramConfigurationHasNoFindings() {
		KafkaOptions options = KafkaOptions.builder(REMOTE).auth(KafkaAuth.SCRAM).scramSecretId(
				"arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_orders-AbCdEf").build();
		assertThat(clients(options, Map.of("PATH", "/usr/bin"))).isEmpty();
	}

	@Test
	void plaintextToARemoteBrokerIsCriticalButLocalIsFine() {
		List<Finding> remote = clients(KafkaOptions.builder("broker.example.com:9092").tls(false).build(), Map.of());
		assertThat(remote).filteredOn(f -> f.id().equals("KAFKA-TLS-001"))
			.singleElement()
			.extracting(Finding::severity)
			.isEqualTo(Severity.CRITICAL);
		assertThat(ids(clients(KafkaOptions.builder("localhost:9092").build(), Map.of()))).doesNotContain("KAFKA-TLS-001");
	}

	@Test
	void inlineCredentialsInClientPropertiesAreCritical() {
		KafkaOptions inline = KafkaOptions.builder(REMOTE)
			.clientProperty("sasl.jaas.config",
					"org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";")
			.build();
		assertThat(ids(clients(inline, Map.of()))).contains("KAFKA-CRED-001");
		KafkaOptions keyPassword = KafkaOptions.builder(REMOTE).clientProperty("ssl.key.password", "x").build();
		assertThat(ids(clients(keyPassword, Map.of()))).contains("KAFKA-CRED-001");
		KafkaOptions truststoreOnly = KafkaOptions.builder(REMOTE)
			.clientProperty("ssl.truststore.location", "/etc/ssl/kafka.jks")
			.build();
		assertThat(ids(clients(truststoreOnly, Map.of()))).doesNotContain("KAFKA-CRED-001");
	}

	@Test
	void credentialsInTheEnvironmentAreCritical() {
		KafkaOptions options = KafkaOptions.builder(REMOTE).build();
		assertThat(clients(options, Map.of("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "x")))
			.filteredOn(f -> f.id().equals("KAFKA-CRED-002"))
			.singleElement()
			.satisfies(f -> assertThat(f.problem()).contains("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG").doesNotContain("=x"));
		assertThat(ids(clients(options, Map.of("KAFKA_BROKER_PASSWORD", "x")))).contains("KAFKA-CRED-002");
		assertThat(ids(clients(options, Map.of("KAFKA_HOME", "/opt/kafka")))).doesNotContain("KAFKA-CRED-002");
	}

	@Test
	void scramSecretWithoutTheMskPrefixIsAWarning() {
		KafkaOptions wrong = KafkaOptions.builder(REMOTE).auth(KafkaAuth.SCRAM).scramSecretId("orders-kafka").build();
		assertThat(clients(wrong, Map.of())).filteredOn(f -> f.id().equals("KAFKA-SECRET-001"))
			.singleElement()
			.extracting(Finding::severity)
			.isEqualTo(Severity.WARNING);
		KafkaOptions right = KafkaOptions.builder(REMOTE).auth(KafkaAuth.SCRAM).scramSecretId("AmazonMSK_orders").build();
		assertThat(ids(clients(right, Map.of()))).doesNotContain("KAFKA-SECRET-001");
	}

	@Test
	void weakProducerAndAutoCommitInTheConfiguredPropertiesAreReportedAsOverridden() {
		KafkaOptions options = KafkaOptions.builder("localhost:9092")
			.clientProperties(Map.of("acks", "1", "enable.idempotence", "false", "enable.auto.commit", "true"))
			.build();
		KafkaClientConfig config = new KafkaClientConfig(options, null);
		// what the clients really get: Ferry's settings, not the configured ones
		assertThat(config.producer()).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
		assertThat(config.consumer("g", 1)).containsEntry("enable.auto.commit", false);

		List<Finding> findings = KafkaHardeningInspector.inspectClients(options, config.producer(), config.consumer("g", 1),
				Map.of());
		assertThat(findings).filteredOn(finding -> finding.id().equals("KAFKA-PRODUCER-001")).singleElement()
			.satisfies(finding -> {
				assertThat(finding.severity()).isEqualTo(Severity.WARNING);
				assertThat(finding.problem()).contains("acks=1 and enable.idempotence=false")
					.contains("Ferry overrides it with acks=all and enable.idempotence=true");
			});
		assertThat(findings).filteredOn(finding -> finding.id().equals("KAFKA-CONSUMER-001")).singleElement()
			.satisfies(finding -> assertThat(finding.problem()).contains("enable.auto.commit=false"));
	}

	@Test
	void producerAndConsumerRulesAreSilentWhenNothingWeakIsConfigured() {
		KafkaOptions plain = KafkaOptions.builder("localhost:9092").build();
		KafkaOptions strong = KafkaOptions.builder("localhost:9092")
			.clientProperties(Map.of("acks", "all", "enable.idempotence", "true", "enable.auto.commit", "false"))
			.build();
		for (KafkaOptions options : List.of(plain, strong)) {
			KafkaClientConfig config = new KafkaClientConfig(options, null);
			assertThat(ids(KafkaHardeningInspector.inspectClients(options, config.producer(), config.consumer("g", 1),
					Map.of()))).doesNotContain("KAFKA-PRODUCER-001", "KAFKA-CONSUMER-001");
		}
	}

	@Test
	void replicationRulesFireOnThreeBrokerClustersAndAreSkippedWithANoteOnSmallerOnes() {
		KafkaTopics.TopicInfo weak = new KafkaTopics.TopicInfo("orders", 3, 1, 1);
		assertThat(ids(KafkaHardeningInspector.inspectDurability(weak, 3))).containsExactly("KAFKA-RF-001", "KAFKA-ISR-001");
		KafkaTopics.TopicInfo strong = new KafkaTopics.TopicInfo("orders", 3, 3, 2);
		assertThat(KafkaHardeningInspector.inspectDurability(strong, 3)).isEmpty();
		assertThat(KafkaHardeningInspector.inspectDurability(weak, 1)).singleElement().satisfies(finding -> {
			assertThat(finding.severity()).isEqualTo(Severity.INFO);
			assertThat(finding.problem()).contains("skipped, cluster has fewer brokers");
		});
	}

	@Test
	void missingTopicAndDeadLetterTopicAreReportedFromTheRealCluster() {
		try (KafkaTransport transport = new KafkaTransport(options(), null, Map.of())) {
			Destination present = topicDestination("inspected", 1);
			Destination missing = Destination.of("missing", KafkaTransport.NAME, KafkaTestSupport.uniqueTopic("missing"));

			List<Finding> findings = transport.inspectors().get(0).inspect(List.of(present, missing));

			assertThat(findings).filteredOn(f -> f.resource().equals(missing.resource()))
				.extracting(Finding::id, Finding::severity)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("KAFKA-TOPIC-001", Severity.CRITICAL));
			assertThat(findings).filteredOn(f -> f.resource().equals(missing.resource() + ".DLT"))
				.extracting(Finding::id)
				.containsExactly("KAFKA-DLT-001");
			// The present topic and its DLT only get the one-broker note.
			assertThat(findings).filteredOn(f -> f.resource().startsWith(present.resource()))
				.extracting(Finding::id, Finding::severity)
				.containsOnly(org.assertj.core.groups.Tuple.tuple("KAFKA-RF-001", Severity.INFO));
		}
	}

}
