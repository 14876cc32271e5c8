package dev.ferry.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.ferry.core.consume.BatchResult;
import dev.ferry.core.consume.DefaultErrorClassifier;
import dev.ferry.core.consume.NonRetryableException;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.convert.JacksonPayloadConverter;
import dev.ferry.core.idempotency.IdempotencyStatus;
import dev.ferry.core.idempotency.IdempotencyRecord;
import dev.ferry.core.idempotency.IdempotencyKeyStrategy;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.idempotency.InMemoryIdempotencyStore;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.message.DeliveryControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsumerPipelineTest {

	record Order(String id) {
	}

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final Heartbeat heartbeat = new Heartbeat(this.scheduler);

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();

	private final RetryPolicy retry = new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0);

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void successIsAckedAndADuplicateIsSuppressedWithoutCallingTheHandler() {
		AtomicInteger calls = new AtomicInteger();
		ConsumerPipeline pipeline = single((order, context) -> calls.incrementAndGet(), false, true);

		assertThat(pipeline.process(List.of(message("m-1", "{\"id\":\"o\"}", 1, null)))).containsExactly(Outcome.ack());
		List<Outcome> second = pipeline.process(List.of(message("m-1", "{\"id\":\"o\"}", 1, null)));

		assertThat(second).containsExactly(new Outcome.Ack(true));
		assertThat(calls).hasValue(1);
	}

	@Test
	void retryableFailureRetriesWithBackOffThenExhaustsIntoReject() {
		ConsumerPipeline pipeline = single((order, context) -> {
			throw new IllegalStateException("down");
		}, false, true);

		Outcome first = pipeline.process(List.of(message("m-1", "{\"id\":\"o\"}", 1, null))).get(0);
		Outcome last = pipeline.process(List.of(message("m-1", "{\"id\":\"o\"}", 3, null))).get(0);

		assertThat(first).isInstanceOfSatisfying(Outcome.Retry.class,
				retry -> assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(1)));
		assertThat(last).isInstanceOfSatisfying(Outcome.Reject.class,
				reject -> assertThat(reject.errorCode()).isEqualTo(DeadLetterInfo.RETRIES_EXHAUSTED));
	}

	@Test
	void failedAttemptReleasesTheIdempotencyKeySoTheRetryRuns() {
		AtomicInteger calls = new AtomicInteger();
		ConsumerPipeline pipeline = single((order, context) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("first fails");
			}
		}, false, true);

		pipeline.process(List.of(message("m-1", "{\"id\":\"o\"}", 1, null)));
		List<Outcome> retried = pipeline.process(List.of(message("m-1", "{\"id\":\"o\"}", 2, null)));

		assertThat(retried).containsExactly(Outcome.ack());
		assertThat(calls).hasValue(2);
	}

	@Test
	void poisonAndMalformedAreRejectedAtOnce() {
		ConsumerPipeline pipeline = single((order, context) -> {
			throw new NonRetryableException("invalid order");
		}, false, true);

		List<Outcome> outcomes = pipeline.process(List.of(message("m-1", "{\"id\":\"o\"}", 1, null),
				message("m-2", "not json", 1, null)));

		assertThat(outcomes).extracting(outcome -> ((Outcome.Reject) outcome).errorCode())
			.containsExactly(DeadLetterInfo.NON_RETRYABLE, DeadLetterInfo.DESERIALIZATION);
	}

	@Test
	void orderedGroupIsHeldBackAfterTheFirstRetryButOtherGroupsGoOn() {
		List<String> handled = new ArrayList<>();
		ConsumerPipeline pipeline = single((order, context) -> {
			handled.add(order.id());
			if (order.id().equals("a2")) {
				throw new IllegalStateException("a2 fails");
			}
		}, true, false);

		List<Outcome> outcomes = pipeline.process(List.of(message("1", "{\"id\":\"a1\"}", 1, "A"),
				message("2", "{\"id\":\"a2\"}", 1, "A"), message("3", "{\"id\":\"b1\"}", 1, "B"),
				message("4", "{\"id\":\"a3\"}", 1, "A")));

		assertThat(handled).containsExactly("a1", "a2", "b1");
		assertThat(outcomes.get(0)).isEqualTo(Outcome.ack());
		assertThat(outcomes.get(1)).isInstanceOf(Outcome.Retry.class);
		assertThat(outcomes.get(2)).isEqualTo(Outcome.ack());
		assertThat(outcomes.get(3)).isInstanceOf(Outcome.Retry.class);
	}

	@Test
	void orderedBatchRetriesEverythingAfterTheFirstFailureOfItsGroupAndReleasesTheirKeys() {
		ConsumerPipeline pipeline = batch(batch -> BatchResult.failed(batch.get(1).messageId(),
				new IllegalStateException("second fails")), true);

		List<Outcome> outcomes = pipeline.process(List.of(message("1", "{\"id\":\"a1\"}", 1, "A"),
				message("2", "{\"id\":\"a2\"}", 1, "A"), message("3", "{\"id\":\"a3\"}", 1, "A"),
				message("4", "{\"id\":\"b1\"}", 1, "B")));

		assertThat(outcomes.get(0)).isEqualTo(Outcome.ack());
		assertThat(outcomes.get(1)).isInstanceOf(Outcome.Retry.class);
		assertThat(outcomes.get(2)).isInstanceOf(Outcome.Retry.class);
		assertThat(outcomes.get(3)).isEqualTo(Outcome.ack());
		assertThat(this.store.find("l:3")).isEmpty();
		assertThat(this.store.find("l:1")).isPresent();
	}

	@Test
	void batchHandlerThatThrowsFailsEveryItem() {
		ConsumerPipeline pipeline = batch(batch -> {
			throw new IllegalStateException("whole batch");
		}, false);

		List<Outcome> outcomes = pipeline.process(List.of(message("1", "{\"id\":\"a\"}", 1, null),
				message("2", "{\"id\":\"b\"}", 1, null)));

		assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(Outcome.Retry.class));
	}

	@Test
	void heartbeatExtendsVisibilityAndRenewsTheLeaseWhileASlowHandlerRuns() {
		AtomicInteger extensions = new AtomicInteger();
		AtomicReference<IdempotencyRecord> leaseAtStart = new AtomicReference<>();
		AtomicReference<IdempotencyRecord> leaseAfterRenewal = new AtomicReference<>();
		ListenerDefinition definition = ListenerDefinition.builder("l", "orders", Order.class, (Order order, dev.ferry.core.consume.MessageContext context) -> {
			IdempotencyRecord start = this.store.find("l:m-slow").orElseThrow();
			leaseAtStart.set(start);
			// run past the first lease's expiry: only a renewal in the store keeps the key ours
			await().atMost(Duration.ofSeconds(10)).until(() -> extensions.get() >= 2
					&& Instant.now().isAfter(start.expiresAt().plusMillis(100)));
			leaseAfterRenewal.set(this.store.find("l:m-slow").orElseThrow());
		}).processingTimeout(Duration.ofMillis(300)).build();
		IdempotencySettings settings = new IdempotencySettings(true, Duration.ofMinutes(5), Duration.ofMillis(300));
		ConsumerPipeline pipeline = new ConsumerPipeline(definition, new JacksonPayloadConverter(),
				new IdempotencyGate("l", this.store, settings, IdempotencyKeyStrategy.DEFAULT),
				new OutcomeResolver(new DefaultErrorClassifier(), this.retry), this.heartbeat, false,
				ConsumeObserver.NONE, settings.lease());
		InboundMessage slow = new InboundMessage("m-slow", "t", "orders", "{\"id\":\"s\"}".getBytes(StandardCharsets.UTF_8),
				Headers.empty(), null, null, null, 1, null, Map.of(), extension -> extensions.incrementAndGet());

		List<Outcome> outcomes = pipeline.process(List.of(slow));

		assertThat(outcomes).containsExactly(Outcome.ack());
		assertThat(extensions.get()).isGreaterThanOrEqualTo(2);
		assertThat(leaseAtStart.get().status()).isEqualTo(IdempotencyStatus.IN_PROGRESS);
		IdempotencyRecord renewed = leaseAfterRenewal.get();
		assertThat(renewed.owner()).isEqualTo(leaseAtStart.get().owner());
		assertThat(renewed.expiresAt()).as("the lease expiry moved in the store").isAfter(leaseAtStart.get().expiresAt());
		assertThat(renewed.statusAt(Instant.now().minusMillis(50))).isEqualTo(IdempotencyStatus.IN_PROGRESS);
	}

	@Test
	void keyHeldByAnotherConsumerIsRetriedLaterWithoutRunningTheHandler() {
		AtomicInteger calls = new AtomicInteger();
		ConsumerPipeline pipeline = single((order, context) -> calls.incrementAndGet(), false, true);
		this.store.acquire("l:m-1", "someone-else", Duration.ofSeconds(5));

		Outcome outcome = pipeline.process(List.of(message("m-1", "{\"id\":\"o\"}", 1, null))).get(0);

		assertThat(outcome).isInstanceOf(Outcome.Retry.class);
		assertThat(calls).hasValue(0);
	}

	@Test
	void deadLetterInfoOfTheMessageIsSurfacedOnTheContext() {
		ConcurrentLinkedQueue<DeadLetterInfo> infos = new ConcurrentLinkedQueue<>();
		ConsumerPipeline pipeline = single((order, context) -> infos.add(context.deadLetterInfo().orElseThrow()), false,
				false);
		DeadLetterInfo info = new DeadLetterInfo("retries exhausted", DeadLetterInfo.RETRIES_EXHAUSTED, "x.Y", "boom",
				"orders", "m-9", 5, null, Map.of("partition", "3"));
		InboundMessage dead = new InboundMessage("m-9", "t", "orders-dlq", "{\"id\":\"d\"}".getBytes(StandardCharsets.UTF_8),
				Headers.empty(), null, null, null, 1, null, Map.of(), DeliveryControl.NONE, info);

		pipeline.process(List.of(dead));

		assertThat(infos).containsExactly(info);
	}

	private ConsumerPipeline single(dev.ferry.core.consume.DeliveryHandler<Order> handler, boolean ordered,
			boolean idempotent) {
		ListenerDefinition definition = ListenerDefinition.builder("l", "orders", Order.class, handler).build();
		return pipeline(definition, ordered, idempotent);
	}

	private ConsumerPipeline batch(dev.ferry.core.consume.BatchDeliveryHandler<Order> handler, boolean ordered) {
		ListenerDefinition definition = ListenerDefinition.batchBuilder("l", "orders", Order.class, handler).build();
		return pipeline(definition, ordered, true);
	}

	private ConsumerPipeline pipeline(ListenerDefinition definition, boolean ordered, boolean idempotent) {
		IdempotencySettings settings = IdempotencySettings.defaults();
		return new ConsumerPipeline(definition, new JacksonPayloadConverter(),
				idempotent ? new IdempotencyGate("l", this.store, settings, IdempotencyKeyStrategy.DEFAULT) : null,
				new OutcomeResolver(new DefaultErrorClassifier(), this.retry), this.heartbeat, ordered,
				ConsumeObserver.NONE, settings.lease());
	}

	private static InboundMessage message(String id, String body, int attempt, String group) {
		return new InboundMessage(id, "t-" + id, "orders", body.getBytes(StandardCharsets.UTF_8), Headers.empty(), group,
				null, group, attempt, null, Map.of(), DeliveryControl.NONE);
	}

}
