package dev.ferry.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.consume.BatchResult;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.consume.NonRetryableException;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.BatchPublishResult;
import dev.ferry.core.publish.PayloadTooLargeException;
import dev.ferry.core.publish.PublishReceipt;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import org.junit.jupiter.api.Test;

/**
 * The transport contract: what "a transport works" means for Ferry. Every transport runs these
 * tests by extending this class and providing a {@link TransportFixture}. Cases that depend on a
 * capability ({@code orderedPerKey}, {@code publishDelay}) use assumptions; everything else is
 * core behaviour and never skipped.
 */
public abstract class TransportContractTests extends ContractTestSupport {

	/**
	 * Gap id ({@link TransportFixture#knownGaps()}): the backend does not re-deliver an ordered group's
	 * messages in their order once their visibility was changed.
	 */
	public static final String GAP_REDELIVERY_ORDER = "redelivery-order";

	private static final Duration TIMEOUT = Duration.ofSeconds(45);

	@Test
	void roundTripKeepsPayloadHeadersAndIds() {
		Destination orders = destination("roundtrip", false, 3, true);
		Queue<MessageContext> contexts = new ConcurrentLinkedQueue<>();
		Queue<ContractPayload> received = new ConcurrentLinkedQueue<>();
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.builder("rt", orders.name(), ContractPayload.class, (payload, context) -> {
			received.add(payload);
			contexts.add(context);
		}).build());
		ferry.start();

		ContractPayload payload = ContractPayload.of("p-1");
		PublishReceipt receipt = ferry.publisher()
			.publish(OutboundMessage.to(orders.name()).payload(payload).header("tenant", "acme").key("k1").build());

		await().atMost(TIMEOUT).until(() -> received.size() == 1);
		assertThat(received.peek()).isEqualTo(payload);
		MessageContext context = contexts.peek();
		assertThat(context.messageId()).isEqualTo(receipt.messageId());
		assertThat(context.headers().get("tenant")).contains("acme");
		assertThat(context.attempt()).isEqualTo(1);
		assertThat(context.destination()).isEqualTo(orders.name());
		assertThat(context.deadLetterInfo()).isEmpty();
		assertThat(receipt.transportMessageId()).isNotBlank();
	}

	@Test
	void publishAllReportsAResultPerEntry() {
		Destination orders = destination("many", false, 3, true);
		Ferry ferry = ferry(orders);
		Queue<String> received = new ConcurrentLinkedQueue<>();
		ferry.listen(ListenerDefinition.builder("many", orders.name(), ContractPayload.class,
				(payload, context) -> received.add(payload.id())).build());
		ferry.start();
		long limit = this.transport.maxMessageBytes(orders);
		List<OutboundMessage> messages = List.of(OutboundMessage.of(orders.name(), ContractPayload.of("ok-1")),
				OutboundMessage.to(orders.name()).payload("x".repeat((int) limit + 1)).build(),
				OutboundMessage.of("no-such-destination", ContractPayload.of("lost")),
				OutboundMessage.of(orders.name(), ContractPayload.of("ok-2")));

		BatchPublishResult result = ferry.publisher().publishAll(messages);

		assertThat(result.entries()).hasSize(4);
		assertThat(result.entries().get(0).succeeded()).isTrue();
		assertThat(result.entries().get(1).failure()).isInstanceOf(PayloadTooLargeException.class);
		assertThat(result.entries().get(2).failure().errorCode()).isEqualTo("UnknownDestination");
		assertThat(result.entries().get(3).succeeded()).isTrue();
		await().atMost(TIMEOUT).until(() -> received.size() == 2);
		assertThat(received).containsExactlyInAnyOrder("ok-1", "ok-2");
	}

	@Test
	void oversizePayloadIsRejectedAtPublishWithAClearError() {
		Destination orders = destination("oversize", false, 3, true);
		Ferry ferry = ferry(orders);
		long limit = this.transport.maxMessageBytes(orders);

		assertThatThrownBy(() -> ferry.publisher().publish(orders.name(), "y".repeat((int) limit + 10)))
			.isInstanceOf(PayloadTooLargeException.class)
			.hasMessageContaining(orders.name())
			.hasMessageContaining(String.valueOf(limit));
	}

	@Test
	void failureIsRedeliveredWithBackOff() {
		Destination orders = destination("retry", false, 5, true);
		Queue<Call> calls = new ConcurrentLinkedQueue<>();
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.builder("retry", orders.name(), ContractPayload.class, (payload, context) -> {
			boolean fail = context.attempt() < 3;
			calls.add(new Call(payload.id(), context.attempt(), System.nanoTime(), !fail));
			if (fail) {
				throw new IllegalStateException("transient failure " + context.attempt());
			}
		}).build());
		ferry.start();

		ferry.publisher().publish(orders.name(), ContractPayload.of("r-1"));

		await().atMost(TIMEOUT).until(() -> calls.stream().anyMatch(Call::succeeded));
		List<Call> ordered = new ArrayList<>(calls);
		assertThat(ordered).extracting(Call::attempt).containsExactly(1, 2, 3);
		long firstGap = ordered.get(1).atNanos() - ordered.get(0).atNanos();
		assertThat(Duration.ofNanos(firstGap)).isGreaterThanOrEqualTo(this.fixture.minimumRetryDelay());
	}

	@Test
	void poisonMessageGoesStraightToDeadLetterWithInfo() {
		Destination orders = destination("poison", false, 5, true);
		Destination dead = this.fixture.deadLetterDestination(uniqueName("poison-dlq"), orders, "poison");
		AtomicInteger calls = new AtomicInteger();
		Queue<MessageContext> deadLetters = new ConcurrentLinkedQueue<>();
		Ferry ferry = ferry(orders, dead);
		ferry.listen(ListenerDefinition.builder("poison", orders.name(), ContractPayload.class, (payload, context) -> {
			calls.incrementAndGet();
			throw new NonRetryableException("order " + payload.id() + " is invalid");
		}).build());
		ferry.listen(ListenerDefinition.builder("poison-dlq", dead.name(), ContractPayload.class,
				(payload, context) -> deadLetters.add(context)).build());
		ferry.start();

		PublishReceipt receipt = ferry.publisher().publish(orders.name(), ContractPayload.of("bad-1"));

		await().atMost(TIMEOUT).until(() -> deadLetters.size() == 1);
		assertThat(calls).hasValue(1);
		DeadLetterInfo info = deadLetters.peek().deadLetterInfo().orElseThrow();
		assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.NON_RETRYABLE);
		assertThat(info.reason()).contains("order bad-1 is invalid");
		assertThat(info.exceptionType()).isEqualTo(NonRetryableException.class.getName());
		assertThat(info.originalMessageId()).isEqualTo(receipt.messageId());
		assertThat(deadLetters.peek().messageId()).isEqualTo(receipt.messageId());
	}

	@Test
	void malformedOrMistypedPayloadIsDeadLetteredAndTheListenerKeepsRunning() throws Exception {
		Destination orders = destination("malformed", false, 5, true);
		Destination dead = this.fixture.deadLetterDestination(uniqueName("malformed-dlq"), orders, "malformed");
		Queue<String> good = new ConcurrentLinkedQueue<>();
		Queue<DeadLetterInfo> deadLetters = new ConcurrentLinkedQueue<>();
		Ferry ferry = ferry(orders, dead);
		ferry.listen(ListenerDefinition.builder("malformed", orders.name(), ContractPayload.class,
				(payload, context) -> good.add(payload.id())).build());
		ferry.listen(ListenerDefinition.builder("malformed-dlq", dead.name(), byte[].class,
				(payload, context) -> deadLetters.add(context.deadLetterInfo().orElseThrow())).build());
		ferry.start();

		List<SendResult> sent = this.transport.send(orders, List.of(raw("{not json", ContractPayload.class.getName()),
				raw("{\"id\":\"x\"}", Integer.class.getName()))).get(30, TimeUnit.SECONDS);
		ferry.publisher().publish(orders.name(), ContractPayload.of("good-1"));

		// A transport whose wire cannot carry a body that is not JSON (EventBridge: the detail is a JSON
		// object) must refuse it at publish with a final error instead; nothing is lost silently.
		assertThat(sent.get(1)).isInstanceOf(SendResult.Accepted.class);
		int refused = sent.get(0) instanceof SendResult.Rejected rejected && !rejected.retryable() ? 1 : 0;
		assertThat(sent.get(0)).isInstanceOfAny(SendResult.Accepted.class, SendResult.Rejected.class);
		await().atMost(TIMEOUT).until(() -> deadLetters.size() == 2 - refused && good.size() == 1);
		assertThat(deadLetters).extracting(DeadLetterInfo::errorCode).containsOnly(DeadLetterInfo.DESERIALIZATION);
		assertThat(deadLetters).extracting(DeadLetterInfo::reason)
			.anySatisfy(reason -> assertThat(reason).contains(Integer.class.getName()));
	}

	@Test
	void exhaustedRetriesGoToDeadLetter() {
		Destination orders = destination("exhaust", false, 3, true);
		Destination dead = this.fixture.deadLetterDestination(uniqueName("exhaust-dlq"), orders, "exhaust");
		AtomicInteger calls = new AtomicInteger();
		Queue<DeadLetterInfo> deadLetters = new ConcurrentLinkedQueue<>();
		Ferry ferry = ferry(orders, dead);
		ferry.listen(ListenerDefinition.builder("exhaust", orders.name(), ContractPayload.class, (payload, context) -> {
			calls.incrementAndGet();
			throw new IllegalStateException("always fails");
		}).build());
		ferry.listen(ListenerDefinition.builder("exhaust-dlq", dead.name(), ContractPayload.class,
				(payload, context) -> deadLetters.add(context.deadLetterInfo().orElseThrow())).build());
		ferry.start();

		ferry.publisher().publish(orders.name(), ContractPayload.of("e-1"));

		await().atMost(TIMEOUT).until(() -> deadLetters.size() == 1);
		assertThat(calls).hasValue(3);
		DeadLetterInfo info = deadLetters.peek();
		assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.RETRIES_EXHAUSTED);
		assertThat(info.attempts()).isEqualTo(3);
		assertThat(info.exceptionMessage()).isEqualTo("always fails");
	}

	@Test
	void batchPartialFailureRedeliversOnlyTheFailedItems() {
		Destination orders = destination("batch", false, 5, false);
		assumeFalse(capabilities(orders).orderedPerKey(), "ordered transports: see orderedBatchFailure...");
		Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.batchBuilder("batch", orders.name(), ContractPayload.class, batch -> {
			BatchResult.Builder result = BatchResult.builder();
			batch.forEach(delivery -> {
				calls.computeIfAbsent(delivery.payload().id(), id -> new AtomicInteger()).incrementAndGet();
				if (delivery.payload().id().equals("b") && delivery.context().attempt() == 1) {
					result.fail(delivery, new IllegalStateException("b failed once"));
				}
			});
			return result.build();
		}).maxBatchSize(10).build());
		ferry.publisher().publishAll(List.of("a", "b", "c", "d").stream()
			.map(id -> OutboundMessage.of(orders.name(), ContractPayload.of(id))).toList()).throwIfAnyFailed();
		ferry.start();

		await().atMost(TIMEOUT).until(() -> calls.containsKey("b") && calls.get("b").get() == 2 && calls.size() == 4);
		await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> calls.get("b").get() == 2);
		assertThat(calls.get("a")).hasValue(1);
		assertThat(calls.get("c")).hasValue(1);
		assertThat(calls.get("d")).hasValue(1);
	}

	@Test
	void orderedFailureHoldsBackLaterMessagesOfTheSameKey() {
		Destination orders = destination("ordered", true, 5, false);
		assumeTrue(capabilities(orders).orderedPerKey(), "transport keeps no order per key");
		Queue<Call> calls = new ConcurrentLinkedQueue<>();
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.builder("ordered", orders.name(), ContractPayload.class, (payload, context) -> {
			boolean fail = payload.id().equals("k-2") && context.attempt() == 1;
			calls.add(new Call(payload.id(), context.attempt(), System.nanoTime(), !fail));
			if (fail) {
				throw new IllegalStateException("k-2 fails once");
			}
		}).build());
		List<OutboundMessage> messages = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			messages.add(OutboundMessage.to(orders.name()).payload(ContractPayload.of("k-" + i)).key("k").build());
		}
		ferry.publisher().publishAll(messages).throwIfAnyFailed();
		ferry.start();

		await().atMost(TIMEOUT).until(() -> calls.stream().filter(Call::succeeded).count() == 4);
		List<String> successes = calls.stream().filter(Call::succeeded).map(Call::id).toList();
		assertThat(successes).containsExactly("k-1", "k-2", "k-3", "k-4");
		List<String> invoked = calls.stream().map(Call::id).toList();
		assertThat(invoked.indexOf("k-3")).isGreaterThan(invoked.lastIndexOf("k-2"));
	}

	@Test
	void orderedBatchFailureRetriesTheFailedItemAndEverythingAfterItInItsGroup() {
		Destination orders = destination("ordered-batch", true, 5, false);
		assumeTrue(capabilities(orders).orderedPerKey(), "transport keeps no order per key");
		assumeFalse(this.fixture.knownGaps().containsKey(GAP_REDELIVERY_ORDER),
				() -> "backend gap " + GAP_REDELIVERY_ORDER + ": " + this.fixture.knownGaps().get(GAP_REDELIVERY_ORDER));
		Queue<Call> calls = new ConcurrentLinkedQueue<>();
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.batchBuilder("ordered-batch", orders.name(), ContractPayload.class, batch -> {
			BatchResult.Builder result = BatchResult.builder();
			batch.forEach(delivery -> {
				boolean fail = delivery.payload().id().equals("k-2") && delivery.context().attempt() == 1;
				calls.add(new Call(delivery.payload().id(), delivery.context().attempt(), System.nanoTime(), !fail));
				if (fail) {
					result.fail(delivery, new IllegalStateException("k-2 fails once"));
				}
			});
			return result.build();
		}).maxBatchSize(10).build());
		List<OutboundMessage> messages = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			messages.add(OutboundMessage.to(orders.name()).payload(ContractPayload.of("k-" + i)).key("k").build());
		}
		ferry.publisher().publishAll(messages).throwIfAnyFailed();
		ferry.start();

		await().alias("k-2 succeeds on its retry, and k-3 and k-4 (held back behind it) are delivered again after it")
			.atMost(TIMEOUT)
			.until(() -> {
				List<Call> all = new ArrayList<>(calls);
				int k2Success = indexOf(all, "k-2", true);
				return k2Success >= 0 && lastIndexOf(all, "k-3") > k2Success && lastIndexOf(all, "k-4") > k2Success;
			});
		// k-1 was before the failure: never delivered again.
		assertThat(calls.stream().filter(call -> call.id().equals("k-1")).count()).isEqualTo(1);
		// The first successful handling of k-3 comes after the successful retry of k-2.
		List<Call> all = new ArrayList<>(calls);
		int k2Success = indexOf(all, "k-2", true);
		int k3LastRun = lastIndexOf(all, "k-3");
		assertThat(k3LastRun).isGreaterThan(k2Success);
	}

	@Test
	void sequentialDuplicateRunsTheHandlerOnce() {
		Destination orders = destination("dup", false, 3, true);
		AtomicInteger calls = new AtomicInteger();
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.builder("dup", orders.name(), ContractPayload.class,
				(payload, context) -> calls.incrementAndGet()).build());
		ferry.start();
		OutboundMessage message = OutboundMessage.to(orders.name()).id("same-id").payload(ContractPayload.of("d")).build();

		ferry.publisher().publish(message);
		await().atMost(TIMEOUT).until(() -> calls.get() == 1);
		ferry.publisher().publish(message);

		await().atMost(TIMEOUT).until(() -> duplicatesSuppressed() == 1);
		assertThat(calls).hasValue(1);
	}

	@Test
	void concurrentDuplicatesRunTheHandlerBodyOnce() {
		Destination orders = destination("dup8", false, 10, true);
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.builder("dup8", orders.name(), ContractPayload.class, (payload, context) -> {
			calls.incrementAndGet();
			release.await(30, TimeUnit.SECONDS);
		}).concurrency(8).build());
		List<OutboundMessage> copies = Collections.nCopies(8,
				OutboundMessage.to(orders.name()).id("dup-8").payload(ContractPayload.of("d8")).build());
		ferry.publisher().publishAll(copies).throwIfAnyFailed();
		ferry.start();

		await().atMost(TIMEOUT).until(() -> calls.get() == 1);
		await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> calls.get() == 1);
		release.countDown();
		await().atMost(TIMEOUT).until(() -> duplicatesSuppressed() == 7);
		assertThat(calls).hasValue(1);
	}

	@Test
	void concurrencyLimitIsRespected() {
		Destination orders = destination("conc", false, 3, false);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger maxRunning = new AtomicInteger();
		AtomicInteger done = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.builder("conc", orders.name(), ContractPayload.class, (payload, context) -> {
			maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			finally {
				running.decrementAndGet();
				done.incrementAndGet();
			}
		}).concurrency(2).build());
		List<OutboundMessage> messages = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			messages.add(OutboundMessage.to(orders.name()).payload(ContractPayload.of("c-" + i)).key("key-" + i).build());
		}
		ferry.publisher().publishAll(messages).throwIfAnyFailed();
		ferry.start();

		await().atMost(TIMEOUT).until(() -> running.get() == 2);
		await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> running.get() <= 2);
		release.countDown();
		await().atMost(TIMEOUT).until(() -> done.get() == 8);
		assertThat(maxRunning).hasValue(2);
	}

	@Test
	void gracefulStopLosesNothingAndRestartResumes() throws Exception {
		Destination orders = destination("stop", false, 5, true);
		Queue<String> completed = new ConcurrentLinkedQueue<>();
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.builder("stop", orders.name(), ContractPayload.class, (payload, context) -> {
			entered.countDown();
			release.await(30, TimeUnit.SECONDS);
			completed.add(payload.id());
		}).build());
		ferry.start();
		ferry.publisher().publish(orders.name(), ContractPayload.of("s-0"));
		assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

		Thread stopper = new Thread(ferry::stop);
		stopper.start();
		await().atMost(TIMEOUT).until(() -> stopper.getState() == Thread.State.TIMED_WAITING
				|| stopper.getState() == Thread.State.WAITING || !stopper.isAlive());
		release.countDown();
		stopper.join(30_000);
		assertThat(stopper.isAlive()).isFalse();
		assertThat(completed).containsExactly("s-0");

		for (int i = 1; i <= 3; i++) {
			ferry.publisher().publish(orders.name(), ContractPayload.of("s-" + i));
		}
		ferry.start();

		await().atMost(TIMEOUT).until(() -> completed.size() >= 4);
		assertThat(completed).containsExactlyInAnyOrder("s-0", "s-1", "s-2", "s-3");
	}

	@Test
	void delayedMessageIsNotDeliveredEarly() {
		Destination orders = destination("delay", false, 3, true);
		assumeTrue(capabilities(orders).publishDelay(), "transport has no publish delay");
		Queue<Long> receivedAt = new ConcurrentLinkedQueue<>();
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.builder("delay", orders.name(), ContractPayload.class,
				(payload, context) -> receivedAt.add(System.nanoTime())).build());
		ferry.start();
		Duration delay = Duration.ofSeconds(1);

		long sentAt = System.nanoTime();
		ferry.publisher().publish(OutboundMessage.to(orders.name()).payload(ContractPayload.of("later")).delay(delay).build());

		await().atMost(TIMEOUT).until(() -> receivedAt.size() == 1);
		assertThat(Duration.ofNanos(receivedAt.peek() - sentAt)).isGreaterThanOrEqualTo(delay);
	}

	private static EncodedMessage raw(String body, String typeId) {
		String id = "raw-" + uniqueName("m");
		return new EncodedMessage(id, body.getBytes(StandardCharsets.UTF_8),
				Headers.of(Map.of(FerryHeaders.MESSAGE_ID, id, FerryHeaders.TYPE, typeId)), "raw", null, Duration.ZERO);
	}

	private static int indexOf(List<Call> calls, String id, boolean succeeded) {
		for (int i = 0; i < calls.size(); i++) {
			if (calls.get(i).id().equals(id) && calls.get(i).succeeded() == succeeded) {
				return i;
			}
		}
		return -1;
	}

	private static int lastIndexOf(List<Call> calls, String id) {
		for (int i = calls.size() - 1; i >= 0; i--) {
			if (calls.get(i).id().equals(id)) {
				return i;
			}
		}
		return -1;
	}

}
