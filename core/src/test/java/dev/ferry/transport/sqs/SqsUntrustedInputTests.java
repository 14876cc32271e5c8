package dev.ferry.transport.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.core.convert.ConversionOptions;
import dev.ferry.core.convert.JacksonPayloadConverter;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.testgadget.GadgetRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sender with nothing but SQS SendMessage rights (the raw SDK client, attributes of its choosing)
 * against a Ferry listener of {@code Object} on ElasticMQ: a type attribute naming a class outside
 * the trusted packages is never initialized nor instantiated, and a crafted body is dead-lettered
 * with a reason while the listener goes on.
 */
class SqsUntrustedInputTests {

	private static final String UNTRUSTED_GADGET = "dev.ferry.testgadget.UntrustedGadget";

	private final ElasticMq sqs = ElasticMq.get();

	private final String queue = "untrusted-" + UUID.randomUUID();

	private final Queue<Object> received = new ConcurrentLinkedQueue<>();

	private Ferry ferry;

	@AfterEach
	void close() {
		if (this.ferry != null) {
			this.ferry.close();
		}
	}

	private String start() {
		String url = this.sqs.createWithDeadLetterQueue(this.queue, 3);
		this.ferry = Ferry.builder()
			.transport(new SqsTransport(this.sqs.client()))
			.destination(Destination.of("inbox", SqsTransport.NAME, this.queue))
			.converter(new JacksonPayloadConverter(JsonMapper.builder().build(), ConversionOptions.defaults()))
			.hardeningMode(HardeningMode.OFF)
			.pollTimeout(Duration.ofSeconds(1))
			.shutdownTimeout(Duration.ofSeconds(5))
			.build();
		this.ferry.listen(ListenerDefinition.builder("inbox-listener", "inbox", Object.class,
				(payload, context) -> this.received.add(payload)).idempotent(false).build());
		this.ferry.start();
		return url;
	}

	private void sendRaw(String url, String body, Map<String, String> attributes) {
		Map<String, MessageAttributeValue> values = new java.util.HashMap<>();
		attributes.forEach((name, value) -> values.put(name,
				MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
		this.sqs.client().sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(values)).join();
	}

	@Test
	void aTypeAttributeNamingAnUntrustedClassNeitherInitializesNorInstantiatesIt() {
		String url = start();

		sendRaw(url, "{\"command\":\"rm -rf /\"}", Map.of(FerryHeaders.TYPE, UNTRUSTED_GADGET));
		sendRaw(url, "{\"id\":\"after\"}", Map.of());

		await().atMost(Duration.ofSeconds(15)).until(() -> this.received.contains(Map.of("id", "after")));
		assertThat(deadLetter().reason()).contains(UNTRUSTED_GADGET).contains("not in a trusted package");
		assertThat(this.received).containsExactly(Map.of("id", "after"));
		assertThat(GadgetRecorder.wasInitialized(UNTRUSTED_GADGET)).isFalse();
		assertThat(GadgetRecorder.wasConstructed(UNTRUSTED_GADGET)).isFalse();
	}

	private DeadLetterInfo deadLetter() {
		String dlqUrl = this.sqs.client().getQueueUrl(b -> b.queueName(SqsProvisioner.deadLetterName(this.queue)))
			.join()
			.queueUrl();
		List<Message> deadLetters = this.sqs.drain(dlqUrl, 1);
		assertThat(deadLetters).hasSize(1);
		DeadLetterInfo info = DeadLetterCodec
			.decode(deadLetters.get(0).messageAttributes().get(FerryHeaders.DEAD_LETTER).stringValue());
		assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.DESERIALIZATION);
		return info;
	}

	@Test
	void aDeeplyNestedBodyIsDeadLetteredWithAReasonAndTheListenerGoesOn() {
		String url = start();

		sendRaw(url, "[".repeat(100_000) + "]".repeat(100_000), Map.of());
		sendRaw(url, "{\"id\":\"after\"}", Map.of());

		await().atMost(Duration.ofSeconds(15)).until(() -> this.received.contains(Map.of("id", "after")));
		assertThat(deadLetter().reason()).contains("nesting depth");
		assertThat(this.received).containsExactly(Map.of("id", "after"));
	}

}
