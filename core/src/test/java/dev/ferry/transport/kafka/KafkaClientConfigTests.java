package dev.ferry.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;

import dev.ferry.core.FerryConfigurationException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.junit.jupiter.api.Test;
import software.amazon.msk.auth.iam.internals.IAMSaslClientProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The client configuration Ferry derives from its options, especially for MSK authentication. */
class KafkaClientConfigTests {

	private static final String MSK = "b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9098,"
			+ "b-2.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9098";

	@Test
	void iamUsesSaslSslWithTheMskIamMechanismLoginModuleAndCallbackHandler() {
		KafkaClientConfig config = new KafkaClientConfig(KafkaOptions.builder(MSK).auth(KafkaAuth.IAM).build(), null);

		assertThat(config.security()).containsExactlyInAnyOrderEntriesOf(Map.of(
				"security.protocol", "SASL_SSL",
				"sasl.mechanism", "AWS_MSK_IAM",
				"sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
				"sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler"));
		assertThat(config.producer()).containsEntry("bootstrap.servers", MSK);
	}

	@Test
	void iamConfigurationIsAcceptedByTheRealKafkaClientAndMskIamLibrary() {
		// Nothing listens there: constructing the client validates the settings, loads the JAAS login
		// module and the callback handler from aws-msk-iam-auth, and builds the SASL_SSL channel.
		KafkaOptions options = KafkaOptions.builder("localhost:9098")
			.auth(KafkaAuth.IAM)
			.iamRoleArn("arn:aws:iam::123456789012:role/orders")
			.build();
		Map<String, Object> producer = new java.util.HashMap<>(new KafkaClientConfig(options, null).producer());
		producer.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
		producer.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);

		// constructing the client is the check (it throws on a bad setting); the signed payload itself is
		// shown by iamSettingsMakeTheSaslClientSendASignedAwsMskIamPayload
		try (var client = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(producer)) {
			assertThat(client).isNotNull();
		}
		assertThat(producer.get("sasl.client.callback.handler.class"))
			.isEqualTo(software.amazon.msk.auth.iam.IAMClientCallbackHandler.class.getName());
		assertThat((String) producer.get("sasl.jaas.config"))
			.startsWith(software.amazon.msk.auth.iam.IAMLoginModule.class.getName());
	}

	@Test
	void iamSettingsMakeTheSaslClientSendASignedAwsMskIamPayload() throws Exception {
		KafkaOptions options = KafkaOptions.builder(MSK).auth(KafkaAuth.IAM).build();
		Map<String, Object> producer = new KafkaClientConfig(options, null).producer();
		String broker = "b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com";
		String previousKey = System.getProperty("aws.accessKeyId");
		String previousSecret = System.getProperty("aws.secretAccessKey");
		// fixed credentials, read by the SDK's default chain that the MSK library starts from
		System.setProperty("aws.accessKeyId", "AKIAFERRYTEST0000001");
		System.setProperty("aws.secretAccessKey", "ferry-test-secret");
		try {
			// the same parts the Kafka client builds from Ferry's settings: JAAS entry, callback handler, SASL client
			// as Kafka's ConfigDef hands it over: the JAAS text as a Password
			List<AppConfigurationEntry> jaas = JaasContext
				.loadClientContext(Map.of("sasl.jaas.config", new Password((String) producer.get("sasl.jaas.config"))))
				.configurationEntries();
			AuthenticateCallbackHandler handler = (AuthenticateCallbackHandler) Class
				.forName((String) producer.get("sasl.client.callback.handler.class"))
				.getConstructor()
				.newInstance();
			handler.configure(producer, (String) producer.get("sasl.mechanism"), jaas);
			IAMSaslClientProvider.initialize();
			SaslClient client = Sasl.createSaslClient(new String[] { (String) producer.get("sasl.mechanism") }, null,
					"kafka", broker, Map.of(), handler);
			assertThat(client).isNotNull();

			JsonNode payload = JsonMapper.builder().build().readTree(client.evaluateChallenge(new byte[0]));

			assertThat(payload.path("version").asString()).isEqualTo("2020_10_22");
			assertThat(payload.path("host").asString()).isEqualTo(broker);
			assertThat(payload.path("action").asString()).isEqualTo("kafka-cluster:Connect");
			assertThat(payload.path("x-amz-algorithm").asString()).isEqualTo("AWS4-HMAC-SHA256");
			assertThat(payload.path("x-amz-credential").asString()).startsWith("AKIAFERRYTEST0000001/")
				.endsWith("/kafka-cluster/aws4_request");
			assertThat(payload.path("x-amz-signature").asString()).matches("[0-9a-f]{64}");
		}
		finally {
			restore("aws.accessKeyId", previousKey);
			restore("aws.secretAccessKey", previousSecret);
		}
	}

	private static void restore(String property, String previous) {
		if (previous == null) {
			System.clearProperty(property);
		}
		else {
			System.setProperty(property, previous);
		}
	}

	@Test
	void iamWithARoleNamesItInTheLoginModule() {
		KafkaOptions options = KafkaOptions.builder(MSK)
			.auth(KafkaAuth.IAM)
			.iamRoleArn("arn:aws:iam::123456789012:role/orders")
			.build();

		assertThat(new KafkaClientConfig(options, null).security()).containsEntry("sasl.jaas.config",
				"software.amazon.msk.auth.iam.IAMLoginModule required awsRoleArn=\"arn:aws:iam::123456789012:role/orders\";");
	}

	@Test
	void iamCannotBeCombinedWithTlsOff() {
		assertThatThrownBy(() -> KafkaOptions.builder(MSK).auth(KafkaAuth.IAM).tls(false).build())
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("ferry.kafka.tls");
	}

	@Test
	void scramUsesSha512WithTheFetchedCredentialsOverTlsForRemoteBrokers() {
		KafkaOptions options = KafkaOptions.builder("b-1.msk.example.com:9096")
			.auth(KafkaAuth.SCRAM)
			.scramSecretId("AmazonMSK_orders")
			.build();
		KafkaClientConfig config = new KafkaClientConfig(options, new ScramCredentials("orders", "p\"w"));

		assertThat(config.security()).containsEntry("security.protocol", "SASL_SSL")
			.containsEntry("sasl.mechanism", "SCRAM-SHA-512")
			.containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
					+ "username=\"orders\" password=\"p\\\"w\";");
	}

	@Test
	void scramNeedsASecretId() {
		assertThatThrownBy(() -> KafkaOptions.builder("localhost:9092").auth(KafkaAuth.SCRAM).build())
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("ferry.kafka.scram.secret-id");
	}

	@Test
	void scramCredentialsNeverPrintTheirPassword() {
		assertThat(new ScramCredentials("orders", "s3cret")).hasToString("ScramCredentials[username=orders, password=****]");
	}

	@Test
	void tlsIsOnByDefaultForRemoteBrokersAndOffForLocalOnes() {
		assertThat(new KafkaClientConfig(KafkaOptions.builder("localhost:9092").build(), null).security())
			.containsEntry("security.protocol", "PLAINTEXT");
		assertThat(new KafkaClientConfig(KafkaOptions.builder("broker.example.com:9094").build(), null).security())
			.containsEntry("security.protocol", "SSL");
		assertThat(new KafkaClientConfig(KafkaOptions.builder("broker.example.com:9094").auth(KafkaAuth.MTLS).build(),
				null).security()).containsEntry("security.protocol", "SSL");
	}

	@Test
	void producerIsIdempotentWithAcksAllAndConsumerNeverAutoCommitsWhateverTheExtraProperties() {
		KafkaOptions options = KafkaOptions.builder("localhost:9092")
			.clientProperty("acks", "1")
			.clientProperty("enable.idempotence", false)
			.clientProperty("enable.auto.commit", true)
			.build();
		KafkaClientConfig config = new KafkaClientConfig(options, null);

		assertThat(config.producer()).containsEntry("acks", "all")
			.containsEntry("enable.idempotence", true)
			.containsEntry("max.request.size", KafkaOptions.DEFAULT_MAX_REQUEST_SIZE);
		assertThat(config.consumer("g", 10)).containsEntry("enable.auto.commit", false)
			.containsEntry("group.id", "g")
			.containsEntry("max.poll.records", 10);
	}

	@Test
	void authParsesEveryDocumentedValue() {
		assertThat(KafkaAuth.parse("iam")).isEqualTo(KafkaAuth.IAM);
		assertThat(KafkaAuth.parse("SCRAM")).isEqualTo(KafkaAuth.SCRAM);
		assertThat(KafkaAuth.parse(" mtls ")).isEqualTo(KafkaAuth.MTLS);
		assertThatThrownBy(() -> KafkaAuth.parse("kerberos")).hasMessageContaining("ferry.kafka.auth");
	}

}
