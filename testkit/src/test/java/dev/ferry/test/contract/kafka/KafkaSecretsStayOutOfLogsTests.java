package dev.ferry.test.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningReport;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Subscription;
import dev.ferry.test.aws.MotoServer;
import dev.ferry.test.kafka.KafkaTestBroker;
import dev.ferry.test.kafka.SecretsManagerStandIn;
import dev.ferry.transport.kafka.KafkaAuth;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;
import dev.ferry.transport.kafka.ScramCredentials;
import dev.ferry.transport.kafka.SecretsManagerScramCredentialsSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The SCRAM password read from Secrets Manager never shows up in a log line (Ferry's and the Kafka
 * clients', at DEBUG), an exception message or cause, an options' {@code toString()}, or the
 * hardening report — on the good path, and when start-up fails. Secrets come from the
 * Secrets Manager stand-in and, where {@code moto_server} is installed, from moto.
 */
class KafkaSecretsStayOutOfLogsTests {

	private static final String PASSWORD = "Tr0ub4dor-" + UUID.randomUUID();

	private static final String USER = "billing-service";

	private static KafkaTestBroker broker;

	private static SecretsManagerStandIn standIn;

	private static SecretsManagerClient standInClient;

	private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();

	private final Map<String, Level> levels = new java.util.HashMap<>();

	private ListAppender<ILoggingEvent> logs;

	@BeforeAll
	static void start() {
		broker = KafkaTestBroker.startWithScram();
		broker.createScramUser(USER, PASSWORD);
		broker.createTopics(1, "secret-orders", "secret-orders.DLT");
		standIn = SecretsManagerStandIn.start();
		standInClient = SecretsManagerClient.builder()
			.endpointOverride(standIn.endpoint())
			.region(Region.of(SecretsManagerStandIn.REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

	@AfterAll
	static void stop() {
		standInClient.close();
		standIn.close();
		broker.close();
	}

	/** Everything from DEBUG up goes to a list, not the console (Kafka's DEBUG output is large). */
	@BeforeEach
	void captureLogs() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.iteratorForAppenders().forEachRemaining(this.detached::add);
		this.detached.forEach(root::detachAppender);
		this.logs = new ListAppender<>();
		this.logs.start();
		root.addAppender(this.logs);
		// HTTP wire logging (org.apache.hc.client5.http.wire) stays at INFO: it logs every byte of every
		// response by design, Secrets Manager's included; docs/security.md says to keep it off.
		for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.ferry", "org.apache.kafka",
				"software.amazon.awssdk")) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			this.levels.put(name, logger.getLevel());
			logger.setLevel(name.equals(org.slf4j.Logger.ROOT_LOGGER_NAME) ? Level.INFO : Level.DEBUG);
		}
	}

	@AfterEach
	void restoreLogs() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.detachAppender(this.logs);
		this.detached.forEach(root::addAppender);
		this.levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
	}

	/** A copy of the events so far; the appender appends under its own lock. */
	private List<ILoggingEvent> events() {
		synchronized (this.logs) {
			return new ArrayList<>(this.logs.list);
		}
	}

	private void assertNoPasswordLogged() {
		List<ILoggingEvent> events = events();
		assertThat(events).as("captured log events").isNotEmpty();
		assertThat(events.stream().filter(event -> event.getLoggerName().startsWith("org.apache.kafka.clients")
				&& event.getLevel() == Level.DEBUG))
			.as("Kafka client DEBUG events").isNotEmpty();
		List<String> leaks = events.stream()
			.map(KafkaSecretsStayOutOfLogsTests::rendered)
			.filter(line -> line.contains(PASSWORD))
			.toList();
		assertThat(leaks).as("log lines carrying the password").isEmpty();
	}

	private static String rendered(ILoggingEvent event) {
		StringBuilder text = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
		for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
			text.append(" | ").append(proxy.getClassName()).append(": ").append(proxy.getMessage());
		}
		return text.toString();
	}

	private static String everything(Throwable failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

	private static KafkaOptions scram(String secretId) {
		return KafkaOptions.builder(broker.bootstrapServers())
			.auth(KafkaAuth.SCRAM)
			.scramSecretId(secretId)
			.tls(false)
			.operationTimeout(Duration.ofSeconds(10))
			.clientProperty("ssl.keystore.password", PASSWORD)
			.build();
	}

	private static String json(String user, String password) {
		return "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
	}

	private void publishAndConsume(SecretsManagerClient client, String secretId) {
		Destination orders = Destination.of("orders", KafkaTransport.NAME, "secret-orders")
			.withProperties(Map.of("group-id", "secret-group-" + UUID.randomUUID()));
		Queue<InboundMessage> received = new ConcurrentLinkedQueue<>();
		KafkaOptions options = scram(secretId);
		try (KafkaTransport transport = new KafkaTransport(options, new SecretsManagerScramCredentialsSource(client))) {
			transport.prepare(orders, false);
			List<SendResult> results = transport.send(orders, List.of(new EncodedMessage("m-1",
					"{}".getBytes(StandardCharsets.UTF_8), Headers.of(Map.of(FerryHeaders.MESSAGE_ID, "m-1")), "k", null,
					Duration.ZERO)))
				.join();
			assertThat(results).singleElement().isInstanceOf(SendResult.Accepted.class);
			Subscription subscription = transport.subscribe(orders,
					new ReceiveSettings("secrets", 1, false, 10, Duration.ofSeconds(30), Duration.ofMillis(200)), batch -> {
						received.addAll(batch);
						return batch.stream().map(message -> (Outcome) Outcome.ack()).toList();
					});
			subscription.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
			subscription.stop(Duration.ofSeconds(5));

			List<Finding> findings = transport.inspectors().get(0).inspect(List.of(orders));
			// the keystore password in the client properties is a finding, which must not quote it
			assertThat(findings).extracting(Finding::id).contains("KAFKA-CRED-001");
			assertThat(new HardeningReport(findings).render()).doesNotContain(PASSWORD);
		}
		assertThat(options.toString()).contains("ssl.keystore.password=****").doesNotContain(PASSWORD);
		assertNoPasswordLogged();
	}

	@Test
	void theScramFlowFromTheSecretsManagerStandInLogsNoPassword() {
		String arn = standIn.putSecret("AmazonMSK_billing-" + UUID.randomUUID(), json(USER, PASSWORD));

		publishAndConsume(standInClient, arn);
	}

	@Test
	void theScramFlowFromMotoLogsNoPassword() {
		MotoServer.assumeAvailable();
		MotoServer moto = MotoServer.shared();
		try (SecretsManagerClient client = SecretsManagerClient.builder()
			.endpointOverride(moto.endpoint())
			.region(moto.region())
			.credentialsProvider(moto.credentials())
			.build()) {
			String arn = client.createSecret(b -> b.name("AmazonMSK_billing-" + UUID.randomUUID())
				.secretString(json(USER, PASSWORD))).arn();

			publishAndConsume(client, arn);
		}
	}

	@Test
	void aSecretThatIsNotJsonFailsStartUpWithoutQuotingIt() {
		String name = "AmazonMSK_broken-" + UUID.randomUUID();
		standIn.putSecret(name, "{\"username\":\"" + USER + "\",\"password\":" + PASSWORD + "}");

		assertThatThrownBy(() -> new KafkaTransport(scram(name), new SecretsManagerScramCredentialsSource(standInClient)))
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining(name)
			.satisfies(failure -> assertThat(everything(failure)).doesNotContain(PASSWORD));
		assertThat(events()).extracting(KafkaSecretsStayOutOfLogsTests::rendered)
			.noneMatch(line -> line.contains(PASSWORD));
	}

	@Test
	void aRejectedPasswordFailsStartUpWithoutQuotingIt() {
		String wrong = PASSWORD + "-wrong";
		String name = "AmazonMSK_wrong-" + UUID.randomUUID();
		standIn.putSecret(name, json(USER, wrong));
		Destination orders = Destination.of("orders", KafkaTransport.NAME, "secret-orders");

		try (KafkaTransport transport = new KafkaTransport(scram(name),
				new SecretsManagerScramCredentialsSource(standInClient))) {
			assertThatThrownBy(() -> transport.prepare(orders, false))
				.satisfies(failure -> assertThat(everything(failure)).doesNotContain(wrong).doesNotContain(PASSWORD));
		}
		List<String> leaks = events().stream()
			.map(KafkaSecretsStayOutOfLogsTests::rendered)
			.filter(line -> line.contains(wrong) || line.contains(PASSWORD))
			.toList();
		assertThat(leaks).isEmpty();
	}

	@Test
	void credentialsAndOptionsPrintWithoutSecrets() {
		ScramCredentials credentials = new ScramCredentials(USER, PASSWORD);
		KafkaOptions options = KafkaOptions.builder("b-1.msk.example:9096")
			.auth(KafkaAuth.IAM)
			.iamRoleArn("arn:aws:iam::123456789012:role/billing")
			.clientProperty("sasl.jaas.config", "x required password=\"" + PASSWORD + "\";")
			.clientProperty("ssl.key.password", PASSWORD)
			.clientProperty("ssl.truststore.location", "/etc/kafka/truststore.jks")
			.build();

		assertThat(credentials.toString()).contains(USER).doesNotContain(PASSWORD);
		assertThat(options.toString()).doesNotContain(PASSWORD)
			.doesNotContain("role/billing")
			.contains("ssl.truststore.location=/etc/kafka/truststore.jks");
	}


}
