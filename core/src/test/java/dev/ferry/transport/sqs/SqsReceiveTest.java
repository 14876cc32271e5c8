package dev.ferry.transport.sqs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SqsReceiveTest {

	private final ElasticMq sqs = ElasticMq.get();

	private final SqsTransport transport = new SqsTransport(this.sqs.client());

	private final List<InboundMessage> received = new CopyOnWriteArrayList<>();

	private Subscription subscription;

	static ReceiveSettings settings(boolean batch) {
		return new ReceiveSettings("test", 1, batch, 10, Duration.ofSeconds(5), Duration.ofSeconds(1));
	}

	private Subscription listen(Destination destination, Function<InboundMessage, Outcome> handler) {
		this.subscription = this.transport.subscribe(destination, settings(true), batch -> batch.stream().map(message -> {
			this.received.add(message);
			return handler.apply(message);
		}).toList());
		this.subscription.start();
		return this.subscription;
	}

	private void publish(Destination destination, String body, Map<String, String> headers) {
		assertThat(this.transport.send(destination, List.of(SqsPublishTest.message(body, headers))).join().get(0))
			.isInstanceOf(SendResult.Accepted.class);
	}

	@AfterEach
	void stop() {
		if (this.subscription != null) {
			this.subscription.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void ackDeletesAndHeadersAndSystemAttributesArrive() {
		String url = this.sqs.createQueue("receive-ack", Map.of());
		Destination destination = Destination.of("ack", "sqs", "receive-ack");
		publish(destination, "{\"a\":1}", Map.of("tenant", "acme", FerryHeaders.TRACEPARENT,
				"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
		listen(destination, message -> Outcome.ack());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 1);
		InboundMessage message = this.received.get(0);
		assertThat(new String(message.body())).isEqualTo("{\"a\":1}");
		assertThat(message.headers().getOrNull("tenant")).isEqualTo("acme");
		assertThat(message.headers().getOrNull(FerryHeaders.TRACEPARENT)).startsWith("00-0af76519");
		assertThat(message.id()).isEqualTo(message.headers().getOrNull(FerryHeaders.MESSAGE_ID));
		assertThat(message.attempt()).isEqualTo(1);
		assertThat(message.sentAt()).isNotNull();
		assertThat(message.attributes()).containsKeys("SentTimestamp", "ApproximateReceiveCount", "MessageId");
		assertThat(message.orderingGroup()).isNull();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sqs.approximateCount(url) == 0);
	}

	@Test
	void defaultReceiveLongPollsTwentySecondsAndNamesTheSystemAttributesItReads() {
		this.sqs.createQueue("receive-request", Map.of());
		Destination destination = Destination.of("request", "sqs", "receive-request");
		publish(destination, "{\"a\":1}", Map.of());
		RecordingInterceptor wire = new RecordingInterceptor();
		List<InboundMessage> seen = new CopyOnWriteArrayList<>();
		try (SqsAsyncClient client = this.sqs.clientWith(wire)) {
			// the listener default (ferry.listener.poll-timeout) is 20 s
			Subscription subscription = new SqsTransport(client).subscribe(destination,
					new ReceiveSettings("test", 1, true, 10, Duration.ofSeconds(5), Duration.ofSeconds(20)),
					batch -> batch.stream().<Outcome>map(message -> {
						seen.add(message);
						return Outcome.ack();
					}).toList());
			subscription.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
			subscription.stop(Duration.ofMillis(100));
		}
		ReceiveMessageRequest first = wire.requests(ReceiveMessageRequest.class).get(0);
		assertThat(first.waitTimeSeconds()).isEqualTo(20);
		assertThat(first.maxNumberOfMessages()).isEqualTo(10);
		assertThat(first.messageSystemAttributeNames()).containsExactlyElementsOf(SqsHeaders.SYSTEM_ATTRIBUTES)
			.doesNotContain(MessageSystemAttributeName.ALL);
	}

	@Test
	void retryChangesVisibilityAndRedeliversWithNextAttempt() {
		this.sqs.createQueue("receive-retry", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
		Destination destination = Destination.of("retry", "sqs", "receive-retry");
		publish(destination, "{}", Map.of());
		listen(destination, message -> message.attempt() == 1 ? Outcome.retry(Duration.ofSeconds(1), null) : Outcome.ack());
		// redelivered after ~1 s although the queue's visibility timeout is 30 s
		await().atMost(Duration.ofSeconds(8)).until(() -> this.received.size() == 2);
		assertThat(this.received.get(1).attempt()).isEqualTo(2);
		assertThat(this.received.get(1).id()).isEqualTo(this.received.get(0).id());
	}

	@Test
	void rejectSendsToDeadLetterQueueWithReasonAndDeletesAtOnce() {
		String url = this.sqs.createWithDeadLetterQueue("receive-poison", 5);
		Destination destination = Destination.of("poison", "sqs", "receive-poison");
		publish(destination, "not json", Map.of("tenant", "acme"));
		listen(destination, message -> Outcome.reject(DeadLetterInfo.DESERIALIZATION, "payload is not JSON",
				new IllegalArgumentException("Unexpected character 'n'")));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sqs.approximateCount(url) == 0);
		assertThat(this.received).hasSize(1);
		this.subscription.stop(Duration.ofSeconds(5));

		List<InboundMessage> deadLetters = new CopyOnWriteArrayList<>();
		Destination dlq = Destination.of("poison-dlq", "sqs", "receive-poison-dlq");
		this.subscription = this.transport.subscribe(dlq, settings(true), batch -> {
			deadLetters.addAll(batch);
			return batch.stream().map(m -> (Outcome) Outcome.ack()).toList();
		});
		this.subscription.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.size() == 1);
		InboundMessage dead = deadLetters.get(0);
		assertThat(new String(dead.body())).isEqualTo("not json");
		assertThat(dead.headers().getOrNull("tenant")).isEqualTo("acme");
		assertThat(dead.id()).isEqualTo(this.received.get(0).id());
		DeadLetterInfo info = dead.deadLetter();
		assertThat(info).isNotNull();
		assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.DESERIALIZATION);
		assertThat(info.reason()).isEqualTo("payload is not JSON");
		assertThat(info.exceptionType()).isEqualTo(IllegalArgumentException.class.getName());
		assertThat(info.source()).endsWith(":receive-poison");
		assertThat(info.attempts()).isEqualTo(1);
		assertThat(info.originalMessageId()).isEqualTo(dead.id());
	}

	@Test
	void nativeRedriveIsReadAsDeadLetterInfoWithSourceArn() {
		String url = this.sqs.createWithDeadLetterQueue("receive-native", 1);
		Destination destination = Destination.of("native", "sqs", "receive-native").withDeadLetter(
				dev.ferry.core.deadletter.DeadLetterPolicy.disabled());
		publish(destination, "{}", Map.of());
		// ferry does not dead-letter here: retries until SQS's own redrive (maxReceiveCount=1) moves it
		listen(destination, message -> Outcome.retry(Duration.ZERO, null));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sqs.approximateCount(url) == 0);
		this.subscription.stop(Duration.ofSeconds(5));

		List<InboundMessage> deadLetters = new CopyOnWriteArrayList<>();
		this.subscription = this.transport.subscribe(Destination.of("native-dlq", "sqs", "receive-native-dlq"),
				settings(true), batch -> {
					deadLetters.addAll(batch);
					return batch.stream().map(m -> (Outcome) Outcome.ack()).toList();
				});
		this.subscription.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.size() == 1);
		DeadLetterInfo info = deadLetters.get(0).deadLetter();
		assertThat(info).isNotNull();
		assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.MAX_RECEIVES);
		assertThat(info.source()).isEqualTo(this.sqs.arnOf(url));
		assertThat(deadLetters.get(0).attributes()).containsKey("DeadLetterQueueSourceArn");
	}

	@Test
	void ordinaryMessageCarriesNoDeadLetterInfoAndDelaysAreCappedAtTwelveHours() {
		String url = this.sqs.createQueue("receive-plain", Map.of());
		this.sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("{}")).join();
		listen(Destination.of("plain", "sqs", "receive-plain"), message -> Outcome.ack());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 1);
		assertThat(this.received.get(0).headers().contains(FerryHeaders.DEAD_LETTER)).isFalse();
		assertThat(this.received.get(0).deadLetter()).isNull();
		assertThat(this.received.get(0).id()).isEqualTo(this.received.get(0).transportMessageId());
		assertThat(SqsAcknowledger.visibilitySeconds(Duration.ofDays(3))).isEqualTo(43_200);
		assertThat(SqsAcknowledger.visibilitySeconds(Duration.ofMillis(1))).isEqualTo(1);
		assertThat(SqsReceiver.waitSeconds(Duration.ofMinutes(1))).isEqualTo(20);
	}

	@Test
	void extendKeepsSlowMessageInvisibleBeyondQueueVisibilityTimeout() throws Exception {
		this.sqs.createQueue("receive-slow", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
		Destination destination = Destination.of("slow", "sqs", "receive-slow")
			.withProperties(Map.of(SqsDestinationProperties.VISIBILITY_TIMEOUT, "1s"));
		publish(destination, "{}", Map.of());
		CountDownLatch release = new CountDownLatch(1);
		List<InboundMessage> seen = new CopyOnWriteArrayList<>();
		this.subscription = this.transport.subscribe(destination,
				new ReceiveSettings("slow", 2, false, 10, Duration.ofSeconds(5), Duration.ofSeconds(1)), batch -> {
					seen.addAll(batch);
					batch.forEach(message -> message.control().extend(Duration.ofSeconds(10)));
					try {
						release.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return batch.stream().map(m -> (Outcome) Outcome.ack()).toList();
				});
		this.subscription.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
		// the second loop polls all the while; without the extension the message would reappear after 1 s
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> seen.size() == 1);
		release.countDown();
	}

	@Test
	void stopReleasesUnfinishedMessagesAtOnce() throws Exception {
		String url = this.sqs.createQueue("receive-stop", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"));
		Destination destination = Destination.of("stop", "sqs", "receive-stop");
		publish(destination, "{}", Map.of());
		CountDownLatch inHandler = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		this.subscription = this.transport.subscribe(destination, settings(false), batch -> {
			inHandler.countDown();
			try {
				never.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return batch.stream().map(m -> (Outcome) Outcome.retry(Duration.ofSeconds(60), null)).toList();
		});
		this.subscription.start();
		assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
		this.subscription.stop(Duration.ofMillis(300));
		assertThat(this.subscription.isRunning()).isFalse();
		// visible again long before the 60 s visibility timeout
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.sqs.client()
			.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1))
			.join()
			.messages()
			.isEmpty());
		never.countDown();
	}

	@Test
	void moreMessagesThanOneReceiveAreAllHandledAndDeleted() {
		String url = this.sqs.createQueue("receive-many", Map.of());
		Destination destination = Destination.of("many", "sqs", "receive-many");
		for (int i = 0; i < 23; i++) {
			publish(destination, "{\"n\":" + i + "}", Map.of());
		}
		listen(destination, message -> Outcome.ack());
		await().atMost(Duration.ofSeconds(15)).until(() -> this.received.size() >= 23 && this.sqs.approximateCount(url) == 0);
	}

	@Test
	void twoReceiptsOfTheSameMessageInOneBatchAreBothAcknowledged() {
		// Spring Cloud AWS pitfall: batch entry ids taken from message ids collide when SQS delivers a
		// message twice; Ferry numbers entries by position
		String url = this.sqs.createQueue("receive-duplicate-receipts", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
		this.sqs.client().sendMessage(b -> b.queueUrl(url).messageBody("{}")).join();
		software.amazon.awssdk.services.sqs.model.Message first = this.sqs.client()
			.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).join().messages().get(0);
		this.sqs.client().changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()).visibilityTimeout(0))
			.join();
		software.amazon.awssdk.services.sqs.model.Message second = this.sqs.client()
			.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).join().messages().get(0);
		assertThat(second.messageId()).isEqualTo(first.messageId());
		SqsQueue queue = new SqsQueues(this.sqs.client()).resolve(url).join();
		SqsAcknowledger acknowledger = new SqsAcknowledger(this.sqs.client(),
				new SqsDeadLetters(this.sqs.client(), java.time.Clock.systemUTC()), queue, null, "sqs/dup");
		acknowledger.apply(List.of(new SqsAcknowledger.Decided(first, "m", 1, Outcome.ack()),
				new SqsAcknowledger.Decided(second, "m", 2, Outcome.ack()))).join();
		assertThat(this.sqs.approximateCount(url)).isZero();
	}

	@Test
	void freeWorkersShareFullReceivesAndHandledMessagesShareFullDeletes() {
		String url = this.sqs.createQueue("receive-full-batches", Map.of());
		Destination destination = Destination.of("full", "sqs", "receive-full-batches");
		for (int i = 0; i < 30; i++) {
			publish(destination, "{\"n\":" + i + "}", Map.of());
		}
		RecordingInterceptor wire = new RecordingInterceptor();
		List<InboundMessage> seen = new CopyOnWriteArrayList<>();
		try (SqsAsyncClient client = this.sqs.clientWith(wire)) {
			// windows long enough that a loaded machine cannot close them early: what is asserted is the policy
			SqsTransport counted = new SqsTransport(client,
					SqsOptions.defaults().withReceiveBatching(Duration.ofSeconds(1), Duration.ofSeconds(1)), SqsXRay.none());
			Subscription subscription = counted.subscribe(destination,
					new ReceiveSettings("test", 10, false, 10, Duration.ofSeconds(5), Duration.ofSeconds(1)), batch -> {
						seen.addAll(batch);
						return batch.stream().<Outcome>map(message -> Outcome.ack()).toList();
					});
			subscription.start();
			await().atMost(Duration.ofSeconds(15)).until(() -> seen.size() >= 30 && this.sqs.approximateCount(url) == 0);
			subscription.stop(Duration.ofMillis(100));
		}
		assertThat(seen).hasSize(30);
		// each receive waits for the ten workers the previous one kept busy, so asks for ten
		assertThat(wire.requests(ReceiveMessageRequest.class).subList(0, 3))
			.allSatisfy(request -> assertThat(request.maxNumberOfMessages()).isEqualTo(10));
		// thirty deletes leave as three full requests, none cut short by the window of an earlier one
		assertThat(wire.requests(DeleteMessageBatchRequest.class))
			.allSatisfy(request -> assertThat(request.entries()).hasSize(10))
			.hasSize(3);
		assertThat(wire.requests(DeleteMessageRequest.class)).isEmpty();
	}

}
