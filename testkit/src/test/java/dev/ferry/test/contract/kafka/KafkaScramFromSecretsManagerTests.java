package dev.ferry.test.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Subscription;
import dev.ferry.test.kafka.KafkaTestBroker;
import dev.ferry.test.kafka.SecretsManagerStandIn;
import dev.ferry.transport.kafka.KafkaAuth;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;
import dev.ferry.transport.kafka.SecretsManagerScramCredentialsSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SCRAM from Secrets Manager end to end: the real SDK client reads the secret from the stand-in
 * (AWS JSON 1.1), and Ferry's clients authenticate with SCRAM-SHA-512 to an embedded broker whose
 * listener requires SASL.
 */
class KafkaScramFromSecretsManagerTests {

	private static KafkaTestBroker broker;

	private static SecretsManagerStandIn secrets;

	private static SecretsManagerClient client;

	@BeforeAll
	static void start() {
		broker = KafkaTestBroker.startWithScram();
		broker.createScramUser("orders-service", "correct horse battery staple");
		broker.createTopics(1, "scram-orders", "scram-orders.DLT");
		secrets = SecretsManagerStandIn.start();
		client = SecretsManagerClient.builder()
			.endpointOverride(secrets.endpoint())
			.region(Region.of(SecretsManagerStandIn.REGION))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build();
	}

	@AfterAll
	static void stop() {
		client.close();
		secrets.close();
		broker.close();
	}

	private static KafkaOptions scram(String secretId) {
		return KafkaOptions.builder(broker.bootstrapServers())
			.auth(KafkaAuth.SCRAM)
			.scramSecretId(secretId)
			.tls(false)
			.operationTimeout(Duration.ofSeconds(10))
			.build();
	}

	@Test
	void credentialsFromTheSecretAuthenticatePublishAndConsume() {
		String arn = secrets.putSecret("AmazonMSK_orders",
				"{\"username\":\"orders-service\",\"password\":\"correct horse battery staple\"}");
		Destination orders = Destination.of("orders", KafkaTransport.NAME, "scram-orders")
			.withProperties(Map.of("group-id", "scram-group"));
		Queue<InboundMessage> received = new ConcurrentLinkedQueue<>();
		try (KafkaTransport transport = new KafkaTransport(scram(arn), new SecretsManagerScramCredentialsSource(client))) {
			assertThat(secrets.requestedSecretIds()).contains(arn);
			transport.prepare(orders, false);
			List<SendResult> results = transport.send(orders, List.of(new EncodedMessage("m-1",
					"{}".getBytes(StandardCharsets.UTF_8), Headers.of(Map.of(FerryHeaders.MESSAGE_ID, "m-1")), "k", null,
					Duration.ZERO)))
				.join();
			assertThat(results).singleElement().isInstanceOf(SendResult.Accepted.class);

			Subscription subscription = transport.subscribe(orders,
					new ReceiveSettings("scram", 1, false, 10, Duration.ofSeconds(30), Duration.ofMillis(200)), batch -> {
						received.addAll(batch);
						return batch.stream().map(message -> (Outcome) Outcome.ack()).toList();
					});
			subscription.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1);
			subscription.stop(Duration.ofSeconds(5));

			List<Finding> findings = transport.inspectors().get(0).inspect(List.of(orders));
			assertThat(findings).extracting(Finding::id).doesNotContain("KAFKA-SECRET-001", "KAFKA-CRED-001");
		}
		assertThat(received.peek().id()).isEqualTo("m-1");
	}

	@Test
	void aMissingSecretFailsStartUpNamingTheSetting() {
		assertThatThrownBy(() -> new KafkaTransport(scram("AmazonMSK_absent"),
				new SecretsManagerScramCredentialsSource(client)))
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("AmazonMSK_absent")
			.hasMessageContaining("ferry.kafka.scram.secret-id");
	}

	@Test
	void wrongCredentialsAreRejectedByTheBroker() {
		secrets.putSecret("AmazonMSK_wrong", "{\"username\":\"orders-service\",\"password\":\"wrong\"}");
		Destination orders = Destination.of("orders", KafkaTransport.NAME, "scram-orders");
		try (KafkaTransport transport = new KafkaTransport(scram("AmazonMSK_wrong"),
				new SecretsManagerScramCredentialsSource(client))) {
			List<SendResult> results = transport.send(orders, List.of(new EncodedMessage("m-2",
					"{}".getBytes(StandardCharsets.UTF_8), Headers.empty(), "k", null, Duration.ZERO)))
				.join();
			assertThat(results).singleElement().isInstanceOfSatisfying(SendResult.Rejected.class,
					rejected -> assertThat(rejected.errorCode()).contains("Authentication"));
		}
	}

}
