package dev.ferry.test.contract.eventbridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import dev.ferry.test.aws.AwsTestSupport.TestQueue;
import dev.ferry.test.aws.LocalAws;
import dev.ferry.test.aws.LocalAwsExtension;
import dev.ferry.test.aws.QueuePolicy;
import dev.ferry.test.contract.ConcurrentSends;
import dev.ferry.transport.eventbridge.EventBridgeEnvelope;
import dev.ferry.transport.eventbridge.EventBridgeHeaders;
import dev.ferry.transport.eventbridge.EventBridgeOptions;
import dev.ferry.transport.eventbridge.EventBridgeTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static dev.ferry.test.aws.AwsTestSupport.awaitMessages;
import static dev.ferry.test.aws.AwsTestSupport.createQueue;
import static dev.ferry.test.aws.AwsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing with {@link EventBridgeTransport} against the local EventBridge stand-in: batching by
 * count and by AWS's entry-size rule (counted on the wire with an SDK interceptor), one result per
 * message in order, retry of retryable per-entry failures only, clear rejection of payloads that
 * cannot be an event's detail, and what arrives at a rule's SQS target.
 */
@ExtendWith(LocalAwsExtension.class)
class EventBridgePublishTests {

	private final LocalAws aws;

	private final List<PutEventsRequest> requests = new CopyOnWriteArrayList<>();

	private EventBridgeAsyncClient client;

	private SqsClient sqs;

	EventBridgePublishTests(LocalAws aws) {
		this.aws = aws;
	}

	@BeforeEach
	void clients() {
		this.client = EventBridgeAsyncClient.builder()
			.endpointOverride(this.aws.eventBridgeEndpoint())
			.region(this.aws.region())
			.credentialsProvider(this.aws.credentialsProvider())
			.overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
				@Override
				public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
					SdkRequest request = context.request();
					if (request instanceof PutEventsRequest put) {
						EventBridgePublishTests.this.requests.add(put);
					}
				}
			}))
			.build();
		this.sqs = this.aws.sqsClient();
		this.aws.eventBridge().faults().clear();
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void batchesTenPerRequestAndReportsOneResultPerMessageInOrder() {
		String bus = bus();
		TestQueue queue = target(bus, "{\"detail\":{\"sku\":[{\"prefix\":\"sku-\"}]}}");
		EventBridgeTransport transport = new EventBridgeTransport(this.client, null, EventBridgeOptions.defaults(), () -> null);
		List<EncodedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			messages.add(message("m" + i, "{\"sku\":\"sku-" + i + "\",\"quantity\":" + i + "}"));
		}
		List<SendResult> results = transport.send(destination(bus, Map.of()), messages).join();

		assertThat(results).hasSize(25).allMatch(SendResult.Accepted.class::isInstance);
		assertThat(results).extracting(SendResult::messageId)
			.containsExactlyElementsOf(messages.stream().map(EncodedMessage::id).toList());
		assertThat(this.requests).extracting(r -> r.entries().size()).containsExactlyInAnyOrder(10, 10, 5);
		List<Message> delivered = awaitMessages(this.sqs, queue, 25);
		assertThat(delivered).hasSize(25);
		EventBridgeEnvelope first = EventBridgeEnvelope.read(delivered.stream()
			.filter(m -> m.body().contains("\"sku-0\""))
			.findFirst()
			.orElseThrow()
			.body());
		// the payload comes back byte for byte, Ferry's headers from the reserved field
		assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"sku\":\"sku-0\",\"quantity\":0}");
		assertThat(first.headers()).containsEntry(FerryHeaders.MESSAGE_ID, "m0")
			.containsEntry(FerryHeaders.TYPE, "com.example.shop.OrderShipped")
			.containsEntry("tenant", "acme");
		assertThat(first.detailType()).isEqualTo("OrderShipped");
		assertThat(first.source()).isEqualTo("orders");
		assertThat(first.id()).isEqualTo(((SendResult.Accepted) results.get(0)).transportMessageId());
		assertThat(first.account()).isEqualTo(this.aws.accountId());
		assertThat(first.attributes()).containsKeys(EventBridgeEnvelope.ID, EventBridgeEnvelope.TIME,
				EventBridgeEnvelope.REGION);
	}

	@Test
	void packsRequestsByTheEntrySizeRule() {
		String bus = bus();
		// three entries of 400 bytes fit 1,000 bytes twice, not three times
		EventBridgeTransport transport = new EventBridgeTransport(this.client, null,
				EventBridgeOptions.defaults().withMaxRequestBytes(1_000), () -> null);
		List<EncodedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			messages.add(new EncodedMessage("s" + i, ("{\"pad\":\"" + "x".repeat(380) + "\"}").getBytes(StandardCharsets.UTF_8),
					Headers.empty(), null, null, Duration.ZERO));
		}
		Destination destination = destination(bus, Map.of("source", "shop", "detail-type", "Padded"));
		List<SendResult> results = transport.send(destination, messages).join();

		assertThat(results).allMatch(SendResult.Accepted.class::isInstance);
		assertThat(this.requests).extracting(r -> r.entries().size()).containsExactlyInAnyOrder(2, 1);
		// one event bigger than the limit never reaches the wire
		this.requests.clear();
		EncodedMessage big = new EncodedMessage("big", ("{\"pad\":\"" + "é".repeat(500) + "\"}").getBytes(StandardCharsets.UTF_8),
				Headers.empty(), null, null, Duration.ZERO);
		assertThat(transport.send(destination, List.of(big)).join().get(0)).isInstanceOfSatisfying(
				SendResult.Rejected.class, rejected -> {
					assertThat(rejected.errorCode()).isEqualTo("PayloadTooLarge");
					assertThat(rejected.reason()).contains("1000 bytes").contains("max-request-size");
				});
		assertThat(this.requests).isEmpty();
	}

	@Test
	void resendsOnlyEntriesFailedWithARetryableCode() {
		String bus = bus();
		this.aws.eventBridge().faults().failNext(2, e -> e.detail().contains("\"n\":1,"), "ThrottlingException",
				"Rate exceeded");
		this.aws.eventBridge().faults().failNext(1, e -> e.detail().contains("\"n\":2,"), "MalformedDetail",
				"Detail is malformed.");
		EventBridgeTransport transport = new EventBridgeTransport(this.client, null,
				EventBridgeOptions.defaults().withSendAttempts(4, Duration.ofMillis(10), Duration.ofMillis(50)), () -> null);
		List<EncodedMessage> messages = List.of(message("a", "{\"n\":0}"), message("b", "{\"n\":1}"),
				message("c", "{\"n\":2}"));
		List<SendResult> results = transport.send(destination(bus, Map.of()), messages).join();

		assertThat(results.get(0)).isInstanceOf(SendResult.Accepted.class);
		assertThat(results.get(1)).isInstanceOf(SendResult.Accepted.class);
		assertThat(results.get(2)).isInstanceOfSatisfying(SendResult.Rejected.class, rejected -> {
			assertThat(rejected.errorCode()).isEqualTo("MalformedDetail");
			assertThat(rejected.retryable()).isFalse();
		});
		// first request with all three, then two re-sends of the throttled entry alone
		assertThat(this.requests).extracting(r -> r.entries().size()).containsExactly(3, 1, 1);
	}

	@Test
	void retryableFailuresStopAfterTheConfiguredAttempts() {
		String bus = bus();
		this.aws.eventBridge().faults().failNext(10, e -> true, "InternalFailure", "try later");
		EventBridgeTransport transport = new EventBridgeTransport(this.client, null,
				EventBridgeOptions.defaults().withSendAttempts(3, Duration.ofMillis(10), Duration.ofMillis(20)), () -> null);
		List<SendResult> results = transport.send(destination(bus, Map.of()), List.of(message("x", "{}"))).join();

		assertThat(results.get(0)).isInstanceOfSatisfying(SendResult.Rejected.class, rejected -> {
			assertThat(rejected.errorCode()).isEqualTo("InternalFailure");
			assertThat(rejected.retryable()).isTrue();
			assertThat(rejected.reason()).contains("after 3 attempts");
		});
		assertThat(this.requests).hasSize(3);
	}

	@Test
	void payloadThatIsNotAJsonObjectIsRejectedWithAClearReason() {
		String bus = bus();
		EventBridgeTransport transport = new EventBridgeTransport(this.client, null, EventBridgeOptions.defaults(), () -> null);
		List<EncodedMessage> messages = List.of(message("array", "[1,2]"), message("text", "\"shipped\""),
				message("reserved", "{\"" + EventBridgeHeaders.FIELD + "\":1}"), message("fine", "{}"));
		List<SendResult> results = transport.send(destination(bus, Map.of()), messages).join();

		assertThat(results.subList(0, 3)).allSatisfy(result -> assertThat(result)
			.isInstanceOfSatisfying(SendResult.Rejected.class, rejected -> {
				assertThat(rejected.errorCode()).isEqualTo("InvalidDetail");
				assertThat(rejected.retryable()).isFalse();
				assertThat(rejected.reason()).contains("destination 'orders'");
			}));
		assertThat(((SendResult.Rejected) results.get(0)).reason()).contains("not a JSON object");
		assertThat(((SendResult.Rejected) results.get(2)).reason()).contains("reserves");
		assertThat(results.get(3)).isInstanceOf(SendResult.Accepted.class);
		assertThat(this.requests).hasSize(1);
		assertThat(this.requests.get(0).entries()).hasSize(1);
	}

	@Test
	void traceHeaderRidesInTheEntryAndMappingComesFromTheDestination() {
		String bus = bus();
		EventBridgeTransport transport = new EventBridgeTransport(this.client, null, EventBridgeOptions.defaults(),
				() -> "Root=1-5759e988-bd862e3fe1be46a994272793");
		Destination destination = destination(bus, Map.of("source", "com.example.shop", "detail-type", "Shipped",
				"resources", "arn:aws:s3:::a, arn:aws:s3:::b"));
		EncodedMessage explicit = new EncodedMessage("t1", "{}".getBytes(StandardCharsets.UTF_8),
				Headers.of(Map.of(EventBridgeHeaders.AWS_TRACE_HEADER, "Root=1-00000000-000000000000000000000001")),
				null, null, Duration.ZERO);
		List<SendResult> results = transport.send(destination, List.of(explicit, message("t2", "{}"))).join();

		assertThat(results).allMatch(SendResult.Accepted.class::isInstance);
		var entries = this.requests.get(0).entries();
		assertThat(entries.get(0).traceHeader()).isEqualTo("Root=1-00000000-000000000000000000000001");
		assertThat(entries.get(0).detail()).isEqualTo("{}");
		assertThat(entries.get(1).traceHeader()).isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793");
		assertThat(entries).allSatisfy(entry -> {
			assertThat(entry.source()).isEqualTo("com.example.shop");
			assertThat(entry.detailType()).isEqualTo("Shipped");
			assertThat(entry.resources()).containsExactly("arn:aws:s3:::a", "arn:aws:s3:::b");
			assertThat(entry.eventBusName()).isEqualTo(bus);
		});
	}

	@Test
	void concurrentSinglePublishesSharePutEventsRequestsWithinTheWindow() throws Exception {
		String bus = bus();
		TestQueue queue = target(bus, "{\"detail\":{\"sku\":[{\"prefix\":\"sku-\"}]}}");
		EventBridgeTransport transport = new EventBridgeTransport(this.client, null,
				EventBridgeOptions.defaults().withPublishBatchWindow(Duration.ofMillis(200)), () -> null);
		List<EncodedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			messages.add(message("w" + i, "{\"sku\":\"sku-" + i + "\"}"));
		}

		List<SendResult> results = ConcurrentSends.send(transport, destination(bus, Map.of()), messages);

		assertThat(results).allMatch(SendResult.Accepted.class::isInstance);
		assertThat(results).extracting(SendResult::messageId)
			.containsExactlyElementsOf(messages.stream().map(EncodedMessage::id).toList());
		// 40 calls of one event: full requests of ten (a window may close early on a slow machine)
		assertThat(this.requests).hasSizeBetween(4, 12);
		assertThat(this.requests).flatExtracting(PutEventsRequest::entries).hasSize(40);
		assertThat(awaitMessages(this.sqs, queue, 40)).hasSize(40);
		transport.close();
	}

	@Test
	void aZeroWindowSendsEveryCallAtOnce() throws Exception {
		String bus = bus();
		EventBridgeTransport transport = new EventBridgeTransport(this.client, null,
				EventBridgeOptions.defaults().withPublishBatchWindow(Duration.ZERO), () -> null);
		List<EncodedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			messages.add(message("z" + i, "{}"));
		}

		assertThat(ConcurrentSends.send(transport, destination(bus, Map.of()), messages))
			.allMatch(SendResult.Accepted.class::isInstance);
		assertThat(this.requests).hasSize(12).allSatisfy(request -> assertThat(request.entries()).hasSize(1));
	}

	@Test
	void theTraceHeaderOfAGatheredEventIsTheCallersOwn() {
		String bus = bus();
		java.util.concurrent.atomic.AtomicReference<String> environment = new java.util.concurrent.atomic.AtomicReference<>(
				"Root=1-00000000-00000000000000000000000a");
		EventBridgeTransport transport = new EventBridgeTransport(this.client, null,
				EventBridgeOptions.defaults().withPublishBatchWindow(Duration.ofMillis(200)), environment::get);
		Destination destination = destination(bus, Map.of());
		CompletableFuture<List<SendResult>> first = transport.send(destination, List.of(message("a", "{}")));
		// the environment moves on (the next Lambda invocation) before the window closes
		environment.set("Root=1-00000000-00000000000000000000000b");
		CompletableFuture<List<SendResult>> second = transport.send(destination, List.of(message("b", "{}")));

		assertThat(first.join()).allMatch(SendResult.Accepted.class::isInstance);
		assertThat(second.join()).allMatch(SendResult.Accepted.class::isInstance);
		assertThat(this.requests).singleElement()
			.satisfies(request -> assertThat(request.entries()).extracting(PutEventsRequestEntry::traceHeader)
				.containsExactly("Root=1-00000000-00000000000000000000000a", "Root=1-00000000-00000000000000000000000b"));
	}

	private String bus() {
		String name = unique("bus");
		this.aws.eventBridgeClient().createEventBus(b -> b.name(name));
		return name;
	}

	private TestQueue target(String bus, String pattern) {
		String rule = unique("rule");
		String ruleArn = this.aws.eventBridgeClient()
			.putRule(b -> b.name(rule).eventBusName(bus).eventPattern(pattern))
			.ruleArn();
		TestQueue queue = createQueue(this.sqs, unique("target"));
		this.sqs.setQueueAttributes(b -> b.queueUrl(queue.url())
			.attributes(Map.of(QueueAttributeName.POLICY,
					QueuePolicy.allowServiceToSend(queue.arn(), "events.amazonaws.com", ruleArn))));
		this.aws.eventBridgeClient()
			.putTargets(b -> b.rule(rule).eventBusName(bus).targets(Target.builder().id("q").arn(queue.arn()).build()));
		return queue;
	}

	private static Destination destination(String bus, Map<String, String> properties) {
		return Destination.of("orders", EventBridgeTransport.NAME, bus).withProperties(properties);
	}

	private static EncodedMessage message(String id, String json) {
		return new EncodedMessage(id, json.getBytes(StandardCharsets.UTF_8),
				Headers.of(Map.of(FerryHeaders.MESSAGE_ID, id, FerryHeaders.TYPE, "com.example.shop.OrderShipped",
						"tenant", "acme")),
				null, null, Duration.ZERO);
	}

}
