package dev.ferry.test.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.SubscriptionSettings;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.BatchPublishResult;
import dev.ferry.core.publish.PublishReceipt;
import dev.ferry.test.aws.LocalAws;
import dev.ferry.test.aws.LocalAwsExtension;
import dev.ferry.transport.sns.SnsOptions;
import dev.ferry.transport.sns.SnsSubscriptionSettings;
import dev.ferry.transport.sns.SnsTransport;
import dev.ferry.transport.sqs.SqsTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The SNS adapter against the LocalAws stand-in (SNS delivering into ElasticMQ): what went on the
 * wire when publishing, fan-out to one queue per listener id with a filter policy, both delivery
 * forms, signature verification both ways, provisioning and the start-up errors without it, and
 * dead letters of the subscription itself.
 */
class SnsTransportTests {

	@RegisterExtension
	static final LocalAwsExtension aws = new LocalAwsExtension();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final List<PublishBatchRequest> batches = new java.util.concurrent.CopyOnWriteArrayList<>();

	private static SnsAsyncClient sns;

	private static SqsAsyncClient sqs;

	private Ferry ferry;

	private static int counter;

	@BeforeAll
	static void clients() {
		LocalAws local = aws.localAws();
		sns = SnsAsyncClient.builder().endpointOverride(local.snsEndpoint()).region(local.region())
			.credentialsProvider(local.credentialsProvider())
			.overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
				@Override
				public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
					if (context.request() instanceof PublishBatchRequest batch) {
						batches.add(batch);
					}
				}
			}))
			.build();
		sqs = SqsAsyncClient.builder().endpointOverride(local.sqsEndpoint()).region(local.region())
			.credentialsProvider(local.credentialsProvider()).build();
	}

	@AfterAll
	static void close() {
		sns.close();
		sqs.close();
	}

	@AfterEach
	void stop() {
		if (this.ferry != null) {
			this.ferry.close();
		}
		aws.localAws().sns().faults().clear();
	}

	private static synchronized String unique(String prefix) {
		return prefix + "-" + ProcessHandle.current().pid() + "-" + (++counter);
	}

	private Ferry ferry(SnsOptions options, boolean provision, Destination... destinations) {
		this.ferry = Ferry.builder()
			.transport(new SnsTransport(sns, sqs, options, null))
			.transport(new SqsTransport(sqs))
			.destinations(List.of(destinations))
			.provision(provision)
			.hardeningMode(HardeningMode.OFF)
			.pollTimeout(Duration.ofSeconds(1))
			.shutdownTimeout(Duration.ofSeconds(5))
			.build();
		return this.ferry;
	}

	@Test
	void publishesInBatchesOfTenWithAResultPerMessageInOrder() {
		Destination events = Destination.of("events", SnsTransport.NAME, unique("batching"));
		Ferry ferry = ferry(SnsOptions.defaults(), true, events);
		ferry.start();
		batches.clear();
		List<OutboundMessage> messages = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			messages.add(OutboundMessage.of("events", "m-" + i));
		}
		messages.add(3, OutboundMessage.to("events").payload("late").delay(Duration.ofSeconds(5)).build());

		BatchPublishResult result = ferry.publisher().publishAll(messages);

		assertThat(batches).hasSize(3);
		assertThat(batches).extracting(batch -> batch.publishBatchRequestEntries().size()).containsExactly(10, 10, 3);
		assertThat(result.entries()).hasSize(24);
		assertThat(result.entries().get(3).failure().errorCode()).isEqualTo("DelayNotSupported");
		assertThat(result.entries().get(3).failure().getMessage()).contains("'events'");
		assertThat(result.entries()).filteredOn(entry -> entry.succeeded()).hasSize(23);
	}

	@Test
	void concurrentSinglePublishesShareBatchRequestsWithinTheWindow() throws Exception {
		Destination events = Destination.of("events", SnsTransport.NAME, unique("window"));
		Ferry ferry = ferry(SnsOptions.defaults().withPublishBatchWindow(Duration.ofMillis(200)), true, events);
		ferry.start();
		batches.clear();

		List<PublishReceipt> receipts = publishConcurrently(ferry, "events", 40);

		assertThat(receipts).hasSize(40).allSatisfy(receipt -> assertThat(receipt.transportMessageId()).isNotBlank());
		// 40 calls of one message: full requests of ten (a window may close early on a slow machine)
		assertThat(batches).hasSizeBetween(4, 12);
		assertThat(batches).flatExtracting(PublishBatchRequest::publishBatchRequestEntries).hasSize(40);
	}

	@Test
	void aZeroWindowPublishesEveryCallAtOnce() throws Exception {
		Destination events = Destination.of("events", SnsTransport.NAME, unique("no-window"));
		Ferry ferry = ferry(SnsOptions.defaults().withPublishBatchWindow(Duration.ZERO), true, events);
		ferry.start();
		batches.clear();

		publishConcurrently(ferry, "events", 12);

		assertThat(batches).hasSize(12).allSatisfy(batch -> assertThat(batch.publishBatchRequestEntries()).hasSize(1));
	}

	@Test
	void fifoTopicsAreNeverGathered() {
		Destination events = Destination.of("events", SnsTransport.NAME, unique("window") + ".fifo");
		Ferry ferry = ferry(SnsOptions.defaults().withPublishBatchWindow(Duration.ofMillis(200)), true, events);
		ferry.start();
		batches.clear();

		// three calls in flight at once: gathered, they would share one request
		List<java.util.concurrent.CompletableFuture<PublishReceipt>> calls = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			calls.add(ferry.publisher().publishAsync(OutboundMessage.to("events").payload("f-" + i).key("group").build()));
		}
		calls.forEach(java.util.concurrent.CompletableFuture::join);

		assertThat(batches).hasSize(3);
	}

	private static List<PublishReceipt> publishConcurrently(Ferry ferry, String destination, int count) throws Exception {
		java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(count);
		try {
			java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
			List<java.util.concurrent.Future<PublishReceipt>> calls = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String payload = "p-" + i;
				calls.add(callers.submit(() -> {
					go.await();
					return ferry.publisher().publish(OutboundMessage.of(destination, payload));
				}));
			}
			go.countDown();
			List<PublishReceipt> receipts = new ArrayList<>();
			for (java.util.concurrent.Future<PublishReceipt> call : calls) {
				receipts.add(call.get(60, java.util.concurrent.TimeUnit.SECONDS));
			}
			return receipts;
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void retryableFailedEntriesAloneAreSentAgain() {
		Destination events = Destination.of("events", SnsTransport.NAME, unique("retrying"));
		Ferry ferry = ferry(SnsOptions.defaults().withPublishAttempts(3, Duration.ofMillis(10)), true, events);
		ferry.start();
		aws.localAws().sns().faults().failNext(1, entry -> entry.message().contains("flaky"), "InternalError", "injected");
		batches.clear();

		BatchPublishResult result = ferry.publisher()
			.publishAll(List.of(OutboundMessage.of("events", "steady"), OutboundMessage.of("events", "flaky")));

		assertThat(result.entries()).allSatisfy(entry -> assertThat(entry.succeeded()).isTrue());
		assertThat(batches).extracting(batch -> batch.publishBatchRequestEntries().size()).containsExactly(2, 1);
		assertThat(batches.get(1).publishBatchRequestEntries().get(0).message()).contains("flaky");
	}

	@Test
	void failedEntriesAreReportedWhenAttemptsRunOut() {
		Destination events = Destination.of("events", SnsTransport.NAME, unique("exhausted"));
		Ferry ferry = ferry(SnsOptions.defaults().withPublishAttempts(1, Duration.ZERO), true, events);
		ferry.start();
		aws.localAws().sns().faults().failNext(1, entry -> entry.message().contains("flaky"), "InternalError", "injected");

		BatchPublishResult result = ferry.publisher()
			.publishAll(List.of(OutboundMessage.of("events", "steady"), OutboundMessage.of("events", "flaky")));

		assertThat(result.entries().get(0).succeeded()).isTrue();
		assertThat(result.entries().get(1).failure().errorCode()).isEqualTo("InternalError");
	}

	@Test
	void eachListenerIdGetsItsOwnQueueAndFilterPolicyAndSeesTheEnvelopeMetadata() {
		String topic = unique("fanout");
		SubscriptionSettings subscription = new SubscriptionSettings(null, null, null,
				Map.of(SnsSubscriptionSettings.RAW_DELIVERY, "false"),
				Map.of("billing", new SubscriptionSettings(null, null, null,
						Map.of(SnsSubscriptionSettings.FILTER_POLICY, "{\"kind\":[\"placed\"]}"), Map.of())));
		Destination events = Destination.of("events", SnsTransport.NAME, topic).withSubscription(subscription);
		Ferry ferry = ferry(SnsOptions.defaults(), true, events);
		Queue<MessageContext> billing = new ConcurrentLinkedQueue<>();
		Queue<MessageContext> audit = new ConcurrentLinkedQueue<>();
		ferry.listen(ListenerDefinition.builder("billing", "events", String.class, (p, c) -> billing.add(c)).build());
		ferry.listen(ListenerDefinition.builder("audit", "events", String.class, (p, c) -> audit.add(c)).build());
		ferry.start();

		String placed = ferry.publisher().publish(OutboundMessage.to("events").payload("o-1").header("kind", "placed").build())
			.messageId();
		ferry.publisher().publish(OutboundMessage.to("events").payload("o-1").header("kind", "cancelled").build());

		await().atMost(TIMEOUT).until(() -> audit.size() == 2 && billing.size() == 1);
		await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).until(() -> billing.size() == 1);
		MessageContext context = billing.peek();
		assertThat(context.messageId()).isEqualTo(placed);
		assertThat(context.destination()).isEqualTo("events");
		assertThat(context.headers().get("kind")).contains("placed");
		assertThat(context.transportAttributes()).containsKeys("sns.TopicArn", "sns.MessageId", "sns.Timestamp")
			.containsEntry("sns.TopicArn", "arn:aws:sns:" + aws.localAws().region().id() + ":"
					+ aws.localAws().accountId() + ":" + topic);
		assertThat(ferry.routes()).extracting(route -> route.queue().resource())
			.containsExactly(topic + "-billing", topic + "-audit");
	}

	@Test
	void signaturesAreVerifiedAgainstTheLocalStandInOnlyWhenItIsTrusted() {
		String topic = unique("signed");
		SubscriptionSettings enveloped = new SubscriptionSettings(null, null, null,
				Map.of(SnsSubscriptionSettings.RAW_DELIVERY, "false"), Map.of());
		Destination events = Destination.of("events", SnsTransport.NAME, topic).withSubscription(enveloped);
		URI standIn = aws.localAws().snsEndpoint();
		Ferry trusting = ferry(SnsOptions.defaults().withVerifySignatures(true).withTrustedCertificateEndpoints(List.of(standIn)),
				true, events);
		Queue<String> received = new ConcurrentLinkedQueue<>();
		trusting.listen(ListenerDefinition.builder("reader", "events", String.class, (p, c) -> received.add(p)).build());
		trusting.start();
		trusting.publisher().publish("events", "signed-1");
		await().atMost(TIMEOUT).until(() -> received.contains("signed-1"));
		trusting.close();

		// a subscriber of its own, so nothing of the first runtime can take its message
		Ferry strict = ferry(SnsOptions.defaults().withVerifySignatures(true), true, events);
		AtomicInteger handled = new AtomicInteger();
		strict.listen(ListenerDefinition.builder("strict", "events", String.class, (p, c) -> handled.incrementAndGet()).build());
		strict.start();
		strict.publisher().publish("events", "signed-2");

		String deadLetterUrl = sqs.getQueueUrl(b -> b.queueName(topic + "-strict-dlq")).join().queueUrl();
		List<DeadLetterInfo> dead = new ArrayList<>();
		await().atMost(TIMEOUT).until(() -> {
			sqs.receiveMessage(b -> b.queueUrl(deadLetterUrl).messageAttributeNames("All").waitTimeSeconds(1))
				.join()
				.messages()
				.forEach(message -> dead.add(DeadLetterCodec
					.decode(message.messageAttributes().get(FerryHeaders.DEAD_LETTER).stringValue())));
			return dead.size() == 1;
		});
		assertThat(handled).hasValue(0);
		assertThat(dead.get(0).errorCode()).isEqualTo(DeadLetterInfo.DESERIALIZATION);
		assertThat(dead.get(0).reason()).contains("is not served by SNS").contains("https://sns.");
	}

	@Test
	void messagesSnsCannotDeliverAreReadFromTheSubscriptionDeadLetterQueueWithTheirSource() {
		String topic = unique("undeliverable");
		Destination events = Destination.of("events", SnsTransport.NAME, topic)
			.withSubscription(new SubscriptionSettings(null, null, null, Map.of(SnsSubscriptionSettings.RAW_DELIVERY, "false"),
					Map.of()));
		Destination deadLetters = Destination.of("dead", SqsTransport.NAME, topic + "-reader-dlq").withEnvelope(SnsTransport.NAME);
		Ferry ferry = ferry(SnsOptions.defaults(), true, events, deadLetters);
		ferry.listen(ListenerDefinition.builder("reader", "events", String.class, (p, c) -> {
		}).build());
		Queue<MessageContext> dead = new ConcurrentLinkedQueue<>();
		ferry.listen(ListenerDefinition.builder("dead", "dead", String.class, (p, c) -> dead.add(c)).build());
		ferry.start();
		// the subscribed queue goes away: SNS can deliver only to the subscription's dead-letter queue
		String url = sqs.getQueueUrl(b -> b.queueName(topic + "-reader")).join().queueUrl();
		sqs.deleteQueue(b -> b.queueUrl(url)).join();

		String id = ferry.publisher().publish("events", "lost-1").messageId();

		await().atMost(TIMEOUT).until(() -> dead.size() == 1);
		DeadLetterInfo info = dead.peek().deadLetterInfo().orElseThrow();
		assertThat(dead.peek().messageId()).isEqualTo(id);
		assertThat(info.errorCode()).isEqualTo("SNS_DELIVERY_FAILED");
		assertThat(info.source()).endsWith(":" + topic);
		assertThat(info.details().get("subscriptionArn")).startsWith("arn:aws:sns:").contains(topic);
	}

	@Test
	void withoutProvisioningMissingTopicAndSubscriptionStopStartUpNamingTheProperty() {
		String topic = unique("missing");
		Destination events = Destination.of("events", SnsTransport.NAME, topic);
		Ferry ferry = ferry(SnsOptions.defaults(), false, events);
		assertThatThrownBy(ferry::start).isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("ferry.destinations.events.resource");
		ferry.close();

		sns.createTopic(b -> b.name(topic)).join();
		Ferry second = ferry(SnsOptions.defaults(), false, events);
		second.listen(ListenerDefinition.builder("reader", "events", String.class, (p, c) -> {
		}).build());
		assertThatThrownBy(second::start).isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("ferry.destinations.events.subscription.queue")
			.hasMessageContaining(topic + "-reader");
	}

	@Test
	void invalidSubscriptionSettingsNameTheProperty() {
		Destination events = Destination.of("events", SnsTransport.NAME, unique("invalid"))
			.withSubscription(new SubscriptionSettings(null, null, null, Map.of(), Map.of("billing",
					new SubscriptionSettings(null, null, null, Map.of(SnsSubscriptionSettings.FILTER_POLICY, "{kind"),
							Map.of()))));
		Ferry ferry = ferry(SnsOptions.defaults(), true, events);

		assertThatThrownBy(() -> ferry.listen(ListenerDefinition.builder("billing", "events", String.class, (p, c) -> {
		}).build())).isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("ferry.destinations.events.subscription.listeners.billing.filter-policy");
	}

}
