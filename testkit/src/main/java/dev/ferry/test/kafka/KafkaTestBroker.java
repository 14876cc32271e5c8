package dev.ferry.test.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One embedded KRaft Kafka broker (spring-kafka-test's {@link EmbeddedKafkaKraftBroker}) for tests,
 * benchmarks and local runs. Two flavours:
 * <ul>
 * <li>{@link #start()}: a plaintext listener on {@code localhost:<random port>}.</li>
 * <li>{@link #startWithScram()}: the broker listener speaks SASL_PLAINTEXT with the
 * {@code SCRAM-SHA-512} mechanism MSK uses (plus {@code PLAIN} for the built-in {@link #ADMIN_USER},
 * which creates SCRAM users with {@link #createScramUser}).</li>
 * </ul>
 * {@link #shared()} gives one plaintext broker per JVM, stopped at exit, so many test classes
 * share its 2–3 s start-up. Close brokers you start yourself.
 */
public final class KafkaTestBroker implements AutoCloseable {

	/** Super user of the SCRAM flavour, authenticated with SASL/PLAIN. */
	public static final String ADMIN_USER = "ferry-admin";

	private static final String ADMIN_PASSWORD = "ferry-admin-secret";

	/** System property that receives the broker list ({@code host:port}) of the last started broker. */
	public static final String BROKER_LIST_PROPERTY = "spring.embedded.kafka.brokers";

	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

	private static @Nullable KafkaTestBroker shared;

	private final EmbeddedKafkaKraftBroker broker;

	private final boolean scram;

	private KafkaTestBroker(boolean scram) {
		this.scram = scram;
		this.broker = new EmbeddedKafkaKraftBroker(1, 1);
		Map<String, String> properties = new HashMap<>();
		properties.put("auto.create.topics.enable", "false");
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		// Kafka's default is 3 s; a short delay still lets the consumers of one container start
		// together and share the partitions in the first assignment, instead of a late joiner waiting
		// for a rebalance that a busy consumer holds up.
		properties.put("group.initial.rebalance.delay.ms", "500");
		if (scram) {
			// The test kit puts its own listener map only if absent: ours makes the broker listener SASL.
			properties.put("listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
			properties.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
			properties.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
			properties.put("listener.name.external.plain.sasl.jaas.config",
					"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN_USER
							+ "\" password=\"" + ADMIN_PASSWORD + "\" user_" + ADMIN_USER + "=\"" + ADMIN_PASSWORD
							+ "\";");
			properties.put("listener.name.external.scram-sha-512.sasl.jaas.config",
					"org.apache.kafka.common.security.scram.ScramLoginModule required;");
		}
		this.broker.brokerProperties(properties);
		// spring-kafka-test would otherwise set the JVM-wide system property spring.kafka.bootstrap-servers,
		// switching on Kafka auto-configuration in every later test of the JVM.
		this.broker.brokerListProperty(BROKER_LIST_PROPERTY);
		this.broker.afterPropertiesSet();
	}

	/** Starts a plaintext broker. */
	public static KafkaTestBroker start() {
		return new KafkaTestBroker(false);
	}

	/** Starts a broker whose listener requires SASL (SCRAM-SHA-512 for clients, PLAIN for the admin user). */
	public static KafkaTestBroker startWithScram() {
		return new KafkaTestBroker(true);
	}

	/** The plaintext broker shared by everything in this JVM; started on first use, stopped at exit. */
	public static synchronized KafkaTestBroker shared() {
		if (shared == null) {
			KafkaTestBroker started = start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "ferry-kafka-test-broker-stop"));
			shared = started;
		}
		return shared;
	}

	/** {@code localhost:port} of the broker listener. */
	public String bootstrapServers() {
		return this.broker.getBrokersAsString();
	}

	/** Properties of an admin client allowed to do anything on this broker. */
	public Map<String, Object> adminProperties() {
		Map<String, Object> props = new HashMap<>();
		props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		if (this.scram) {
			props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
			props.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
			props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
					+ "username=\"" + ADMIN_USER + "\" password=\"" + ADMIN_PASSWORD + "\";");
		}
		return props;
	}

	/**
	 * Creates topics (replication factor 1) and waits until every partition has a leader: producing
	 * to a partition whose leader is not elected yet can wedge an idempotent producer in
	 * OUT_OF_ORDER_SEQUENCE retries.
	 */
	public void createTopics(int partitions, String... topics) {
		List<NewTopic> newTopics = java.util.Arrays.stream(topics)
			.map(topic -> new NewTopic(topic, partitions, (short) 1))
			.toList();
		withAdmin(admin -> admin.createTopics(newTopics).all());
		try (Admin admin = Admin.create(adminProperties())) {
			Awaitility.await("leaders of " + List.of(topics))
				.atMost(ADMIN_TIMEOUT)
				.pollInterval(Duration.ofMillis(50))
				.ignoreExceptions()
				.until(() -> admin.describeTopics(List.of(topics))
					.allTopicNames()
					.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
					.values()
					.stream()
					.allMatch(description -> description.partitions().size() == partitions && description.partitions()
						.stream()
						.allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty())));
		}
	}

	/** Creates (or replaces) a SCRAM-SHA-512 user; only on the SCRAM flavour. */
	public void createScramUser(String username, String password) {
		if (!this.scram) {
			throw new IllegalStateException("Start the broker with startWithScram() to create SCRAM users");
		}
		withAdmin(admin -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(username,
				new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
			.all());
	}

	private void withAdmin(java.util.function.Function<Admin, org.apache.kafka.common.KafkaFuture<?>> action) {
		try (Admin admin = Admin.create(adminProperties())) {
			action.apply(admin).get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka admin operation failed on the test broker", ex);
		}
	}

	/**
	 * Stops the broker (clients lose it: an outage); its logs and committed offsets stay, and
	 * {@link #restartBrokers()} brings it back on the same port.
	 */
	public void stopBrokers() {
		for (kafka.server.BrokerServer server : this.broker.getCluster().brokers().values()) {
			server.shutdown();
			server.awaitShutdown();
		}
	}

	/** Starts the brokers stopped by {@link #stopBrokers()} again, on their ports, and waits until they serve. */
	public void restartBrokers() {
		for (kafka.server.BrokerServer server : this.broker.getCluster().brokers().values()) {
			server.startup();
		}
		try {
			this.broker.getCluster().waitForReadyBrokers();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the broker restarted", ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("The broker did not come back", ex);
		}
	}

	/** The spring-kafka-test broker underneath, for what this wrapper does not offer. */
	public EmbeddedKafkaKraftBroker delegate() {
		return this.broker;
	}

	@Override
	public void close() {
		this.broker.destroy();
	}

}
