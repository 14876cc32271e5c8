package dev.ferry.test.contract.eventbridge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.SubscriptionSettings;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.test.aws.LocalAws;
import dev.ferry.test.aws.LocalAwsExtension;
import dev.ferry.test.aws.QueuePolicy;
import dev.ferry.transport.eventbridge.EventBridgeDeadLetters;
import dev.ferry.transport.eventbridge.EventBridgeEnvelope;
import dev.ferry.transport.eventbridge.EventBridgeOptions;
import dev.ferry.transport.eventbridge.EventBridgeTransport;
import dev.ferry.transport.sqs.SqsTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static dev.ferry.test.aws.AwsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Consuming EventBridge through rule target queues on the local stand-in: what provisioning creates
 * (rule with the pattern on {@code detail}, target with dead-letter queue and explicit retry policy,
 * scoped queue policies), what a missing rule or a wrong pattern does without it, hardening on the
 * real resources, and events EventBridge itself dead-letters read back with their DeadLetterInfo.
 */
@ExtendWith(LocalAwsExtension.class)
class EventBridgeSubscriptionTests {

	/** The sample's event: patterns match on its fields under {@code detail}. */
	record OrderShipped(String orderId, String carrier) {
	}

	private final LocalAws aws;

	private EventBridgeAsyncClient events;

	private SqsAsyncClient sqs;

	private Ferry ferry;

	EventBridgeSubscriptionTests(LocalAws aws) {
		this.aws = aws;
	}

	@BeforeEach
	void clients() {
		this.events = EventBridgeAsyncClient.builder()
			.endpointOverride(this.aws.eventBridgeEndpoint())
			.region(this.aws.region())
			.credentialsProvider(this.aws.credentialsProvider())
			.build();
		this.sqs = SqsAsyncClient.builder()
			.endpointOverride(this.aws.sqsEndpoint())
			.region(this.aws.region())
			.credentialsProvider(this.aws.credentialsProvider())
			.build();
	}

	@AfterEach
	void close() {
		if (this.ferry != null) {
			this.ferry.close();
		}
		this.events.close();
		this.sqs.close();
	}

	@Test
	void provisioningCreatesAHardenedSubscriptionAndThePatternOnDetailSelects() {
		String bus = bus();
		Destination shipped = destination("order-shipped", bus,
				Map.of("pattern", "{\"detail\":{\"carrier\":[\"acme\"]}}", "max-retry-attempts", "5"));
		EventBridgeTransport transport = transport();
		Queue<MessageContext> received = new ConcurrentLinkedQueue<>();
		this.ferry = ferry(true, transport, shipped);
		this.ferry.listen(ListenerDefinition.builder("shipping", shipped.name(), OrderShipped.class,
				(payload, context) -> received.add(context)).build());
		this.ferry.start();
		this.ferry.publisher().publish(shipped.name(), new OrderShipped("o-1", "acme"));
		this.ferry.publisher().publish(shipped.name(), new OrderShipped("o-2", "other"));

		await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
		MessageContext context = received.peek();
		assertThat(context.destination()).isEqualTo(shipped.name());
		assertThat(context.transportAttributes()).containsEntry(EventBridgeEnvelope.DETAIL_TYPE, "OrderShipped")
			.containsEntry(EventBridgeEnvelope.SOURCE, "com.example.shop")
			.containsKeys(EventBridgeEnvelope.ID, EventBridgeEnvelope.ACCOUNT, EventBridgeEnvelope.REGION);
		String rule = "ferry-order-shipped-shipping";
		var described = this.events.describeRule(b -> b.name(rule).eventBusName(bus)).join();
		assertThat(described.eventPattern()).isEqualTo("{\"detail\":{\"carrier\":[\"acme\"]}}");
		Target target = this.events.listTargetsByRule(b -> b.rule(rule).eventBusName(bus)).join().targets().get(0);
		assertThat(target.retryPolicy().maximumRetryAttempts()).isEqualTo(5);
		assertThat(target.retryPolicy().maximumEventAgeInSeconds()).isEqualTo(3600);
		String queue = EventBridgeTransport.defaultQueueName(bus, "shipping", false);
		String deadLetterQueue = EventBridgeTransport.defaultDeadLetterQueueName(queue);
		assertThat(target.deadLetterConfig().arn()).endsWith(":" + deadLetterQueue);
		for (String name : List.of(queue, deadLetterQueue)) {
			Map<QueueAttributeName, String> attributes = attributes(name);
			assertThat(QueuePolicy.allowsSendMessage(attributes.get(QueueAttributeName.POLICY), "events.amazonaws.com",
					attributes.get(QueueAttributeName.QUEUE_ARN), described.arn(), this.aws.accountId()))
				.as("policy of %s", name)
				.isTrue();
		}
		List<Finding> findings = transport.inspectors().get(0).inspect(List.of(shipped));
		assertThat(findings).isEmpty();

		// the same rule made unsafe by hand: no dead-letter queue, AWS's default retry policy
		this.events.putTargets(b -> b.rule(rule).eventBusName(bus).targets(Target.builder().id(target.id())
			.arn(target.arn()).build())).join();
		assertThat(transport.inspectors().get(0).inspect(List.of(shipped))).extracting(Finding::id)
			.containsExactlyInAnyOrder("EB-DLQ-001", "EB-RETRY-001");
	}

	@Test
	void withoutProvisioningAMissingQueueOrRuleStopsStartUpNamingTheProperty() {
		String bus = bus();
		Destination shipped = destination("missing", bus, Map.of());
		this.ferry = ferry(false, transport(), shipped);
		this.ferry.listen(ListenerDefinition.builder("billing", shipped.name(), OrderShipped.class,
				(payload, context) -> { }).build());
		assertThatExceptionOfType(FerryConfigurationException.class).isThrownBy(this.ferry::start)
			.withMessageContaining("ferry.destinations.missing.subscription.queue")
			.withMessageContaining("ferry.provision=true");
		this.ferry.close();

		this.sqs.createQueue(b -> b.queueName(EventBridgeTransport.defaultQueueName(bus, "billing", false))).join();
		this.ferry = ferry(false, transport(), shipped);
		this.ferry.listen(ListenerDefinition.builder("billing", shipped.name(), OrderShipped.class,
				(payload, context) -> { }).build());
		assertThatExceptionOfType(FerryConfigurationException.class).isThrownBy(this.ferry::start)
			.withMessageContaining("ferry.destinations.missing.subscription.properties.rule")
			.withMessageContaining("does not exist");
	}

	@Test
	void anInvalidPatternIsRefusedWhenTheListenerIsDeclared() {
		Destination shipped = destination("bad-pattern", bus(), Map.of("pattern", "{\"detail\":{\"carrier\":\"acme\"}}"));
		this.ferry = ferry(true, transport(), shipped);
		assertThatExceptionOfType(FerryConfigurationException.class)
			.isThrownBy(() -> this.ferry.listen(ListenerDefinition.builder("shipping", shipped.name(), OrderShipped.class,
					(payload, context) -> { }).build()))
			.withMessageContaining("ferry.destinations.bad-pattern.subscription.properties.pattern is not a valid EventBridge event pattern");
	}

	@Test
	void eventsEventBridgeCouldNotDeliverAreReadWithTheirDeadLetterInfo() {
		String bus = bus();
		Destination shipped = destination("undeliverable", bus, Map.of("max-retry-attempts", "1"));
		EventBridgeTransport transport = transport();
		String queue = EventBridgeTransport.defaultQueueName(bus, "shipping", false);
		Destination deadLetters = Destination.of("undeliverable-dlq", SqsTransport.NAME,
				EventBridgeTransport.defaultDeadLetterQueueName(queue)).withEnvelope(EventBridgeTransport.NAME);
		Queue<MessageContext> dead = new ConcurrentLinkedQueue<>();
		Queue<OrderShipped> payloads = new ConcurrentLinkedQueue<>();
		this.ferry = ferry(true, transport, shipped, deadLetters);
		this.ferry.listen(ListenerDefinition.builder("shipping", shipped.name(), OrderShipped.class,
				(payload, context) -> { }).build());
		this.ferry.listen(ListenerDefinition.builder("shipping-dlq", deadLetters.name(), OrderShipped.class,
				(payload, context) -> {
					payloads.add(payload);
					dead.add(context);
				}).build());
		this.ferry.start();
		this.aws.eventBridge().deliveryFaults().failNext(10, delivery -> delivery.detailType().equals("OrderShipped"),
				"ThrottlingException", "target throttled");
		this.ferry.publisher().publish(shipped.name(), new OrderShipped("o-9", "acme"));

		await().atMost(Duration.ofSeconds(20)).until(() -> dead.size() == 1);
		assertThat(payloads.peek()).isEqualTo(new OrderShipped("o-9", "acme"));
		DeadLetterInfo info = dead.peek().deadLetterInfo().orElseThrow();
		assertThat(info.reason()).isEqualTo(EventBridgeDeadLetters.REASON);
		assertThat(info.errorCode()).isEqualTo("ThrottlingException");
		assertThat(info.source()).endsWith(":rule/" + bus + "/ferry-undeliverable-shipping");
		assertThat(info.details()).containsKeys(EventBridgeDeadLetters.TARGET_ARN, EventBridgeDeadLetters.RETRY_ATTEMPTS,
				EventBridgeDeadLetters.EXHAUSTED_RETRY_CONDITION);
	}

	private String bus() {
		String name = unique("bus");
		this.events.createEventBus(b -> b.name(name)).join();
		return name;
	}

	private EventBridgeTransport transport() {
		return new EventBridgeTransport(this.events, this.sqs, EventBridgeOptions.defaults(), () -> null);
	}

	private Ferry ferry(boolean provision, EventBridgeTransport transport, Destination... destinations) {
		return Ferry.builder()
			.transport(transport)
			.transport(new SqsTransport(this.sqs))
			.destinations(List.of(destinations))
			.provision(provision)
			.hardeningMode(HardeningMode.OFF)
			.pollTimeout(Duration.ofSeconds(1))
			.shutdownTimeout(Duration.ofSeconds(5))
			.build();
	}

	private static Destination destination(String name, String bus, Map<String, String> subscription) {
		return new Destination(name, EventBridgeTransport.NAME, bus, RetryPolicy.defaults(), DeadLetterPolicy.defaults(),
				IdempotencySettings.defaults(), null, Map.of("source", "com.example.shop"),
				new SubscriptionSettings(null, null, null, subscription, Map.of()), null);
	}

	private Map<QueueAttributeName, String> attributes(String queue) {
		String url = this.sqs.getQueueUrl(b -> b.queueName(queue)).join().queueUrl();
		return this.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY,
				QueueAttributeName.QUEUE_ARN)).join().attributes();
	}

}
