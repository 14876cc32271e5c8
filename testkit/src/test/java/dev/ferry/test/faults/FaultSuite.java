package dev.ferry.test.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.consume.NonRetryableException;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerContainer;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.PublishReceipt;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults Ferry must survive, run with the real engine ({@link Ferry#builder()}) on a real transport.
 * Each scenario prints its {@link FaultFigures}. Bounded: every wait has a timeout.
 */
@Timeout(300)
abstract class FaultSuite {

	private static final int MESSAGES = 10_000;

	private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration OUTAGE = Duration.ofSeconds(3);

	/** The payload of the suite. */
	record FaultOrder(int n, boolean poison) {
	}

	protected FaultFixture fixture;

	private final List<Ferry> ferries = new ArrayList<>();

	private final AtomicInteger counter = new AtomicInteger();

	protected abstract FaultFixture createFixture() throws Exception;

	@BeforeEach
	void setUpFixture() throws Exception {
		this.fixture = createFixture();
	}

	@AfterEach
	void tearDown() throws Exception {
		for (Ferry ferry : this.ferries) {
			ferry.close();
		}
		this.fixture.close();
	}

	@Test
	void aBackendOutageDuringAPublishLosesNothingSilentlyAndListenersResume() throws Exception {
		Destination orders = destination("outage", RetryPolicy.defaults());
		Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
		Ferry ferry = ferry(orders);
		ferry.listen(ListenerDefinition.builder("outage-handler", orders.name(), FaultOrder.class,
				(order, context) -> runs.computeIfAbsent(order.n(), n -> new AtomicInteger()).incrementAndGet())
			.concurrency(this.fixture.parallelism())
			.build());
		ferry.start();

		Set<Integer> succeeded = ConcurrentHashMap.newKeySet();
		Set<Integer> failed = ConcurrentHashMap.newKeySet();
		int chunk = 250;
		CompletableFuture<Void> outage = null;
		for (int from = 0; from < MESSAGES; from += chunk) {
			if (from == 3_000) {
				// The backend goes away for a few seconds while publishing goes on.
				this.fixture.beginOutage();
				outage = CompletableFuture.runAsync(this.fixture::endOutage,
						CompletableFuture.delayedExecutor(OUTAGE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
			}
			List<CompletableFuture<PublishReceipt>> futures = new ArrayList<>();
			for (int n = from; n < from + chunk; n++) {
				int number = n;
				futures.add(ferry.publisher()
					.publishAsync(OutboundMessage.to(orders.name())
						.payload(new FaultOrder(number, false))
						.key("k" + (number % 16))
						.build())
					.whenComplete((receipt, error) -> (error == null ? succeeded : failed).add(number)));
			}
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(error -> null).join();
		}
		assertThat(outage).isNotNull();
		outage.join();
		assertThat(succeeded.size() + failed.size()).as("every publish reports an outcome").isEqualTo(MESSAGES);

		await("every accepted publish delivered").atMost(DELIVERY_TIMEOUT)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> runs.keySet().containsAll(succeeded));
		Set<Integer> lost = new HashSet<>(succeeded);
		lost.removeAll(runs.keySet());
		int duplicated = runs.values().stream().mapToInt(count -> count.get() - 1).sum();
		new FaultFigures(this.fixture.name(), "outage", MESSAGES, runs.size(), failed.size(), lost.size(), duplicated, 0)
			.print();
		assertThat(lost).isEmpty();
		assertThat(runs.keySet()).as("published after the outage, so the listener resumed by itself")
			.contains(MESSAGES - 1);
		assertThat(ferry.containers()).allMatch(ListenerContainer::isRunning);
	}

	@Test
	void poisonMessagesEndInTheDeadLetterDestinationWithTheirReasonAndTheRestAreHandledOnce() {
		Destination orders = destination("poison", RetryPolicy.defaults());
		Destination dead = this.fixture.deadLetterDestination(orders.name() + "-dead", orders);
		Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
		Map<Integer, DeadLetterInfo> deadLetters = new ConcurrentHashMap<>();
		Ferry ferry = ferry(orders, dead);
		ferry.listen(ListenerDefinition.builder("poison-handler", orders.name(), FaultOrder.class, (order, context) -> {
			runs.computeIfAbsent(order.n(), n -> new AtomicInteger()).incrementAndGet();
			if (order.poison()) {
				throw new NonRetryableException("poison order " + order.n());
			}
		}).concurrency(this.fixture.parallelism()).build());
		ferry.listen(ListenerDefinition.builder("poison-dead-letters", dead.name(), FaultOrder.class,
				(order, context) -> deadLetters.put(order.n(), context.deadLetterInfo().orElseThrow()))
			.build());
		ferry.start();

		publishAll(ferry, orders, n -> new FaultOrder(n, n % 100 == 0));

		Set<Integer> poison = new HashSet<>();
		for (int n = 0; n < MESSAGES; n += 100) {
			poison.add(n);
		}
		await("all handled or dead-lettered").atMost(DELIVERY_TIMEOUT)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> runs.size() == MESSAGES && deadLetters.size() >= poison.size());
		int duplicated = runs.values().stream().mapToInt(count -> count.get() - 1).sum();
		new FaultFigures(this.fixture.name(), "poison-1%", MESSAGES, MESSAGES - deadLetters.size(), 0,
				MESSAGES - runs.size(), duplicated, deadLetters.size())
			.print();
		assertThat(deadLetters.keySet()).isEqualTo(poison);
		deadLetters.forEach((n, info) -> {
			assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.NON_RETRYABLE);
			assertThat(info.reason()).contains("poison order " + n);
		});
		assertThat(runs).allSatisfy((n, count) -> assertThat(count).as("runs of %s", n).hasValue(1));
	}

	@Test
	void eightConcurrentDeliveriesOfOneMessageRunTheHandlerBodyOnce() throws Exception {
		// A short lease: a copy that finds the key held looks again soon, instead of after the default minute.
		Destination orders = destination("concurrent", RetryPolicy.defaults())
			.withIdempotency(new IdempotencySettings(true, Duration.ofHours(1), Duration.ofSeconds(3)));
		AtomicInteger bodyRuns = new AtomicInteger();
		AtomicInteger settled = new AtomicInteger();
		Ferry ferry = Ferry.builder()
			.transport(this.fixture.transport())
			.destination(orders)
			.pollTimeout(Duration.ofMillis(500))
			.shutdownTimeout(Duration.ofSeconds(5))
			.observer((listenerId, message, outcome, nanos) -> {
				if (outcome instanceof Outcome.Ack) {
					settled.incrementAndGet();
				}
			})
			.build();
		this.ferries.add(ferry);
		ferry.listen(ListenerDefinition.builder("concurrent-handler", orders.name(), FaultOrder.class,
				(order, context) -> {
					bodyRuns.incrementAndGet();
					// Work long enough for the other deliveries to arrive while this one runs.
					Thread.sleep(500);
				})
			.concurrency(Math.max(8, this.fixture.parallelism()))
			.maxBatchSize(1)
			.build());
		ferry.start();

		ExecutorService senders = Executors.newFixedThreadPool(8);
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<PublishReceipt>> sent = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			int copy = i;
			sent.add(CompletableFuture.supplyAsync(() -> {
				awaitQuietly(go);
				// The same message id (the idempotency key) each time; other keys spread it over partitions.
				return ferry.publisher()
					.publish(OutboundMessage.to(orders.name())
						.id("order-42")
						.payload(new FaultOrder(42, false))
						.key("copy-" + copy)
						.build());
			}, senders));
		}
		go.countDown();
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
		senders.shutdown();

		await("all 8 deliveries settled").atMost(Duration.ofSeconds(60)).until(() -> settled.get() >= 8);
		new FaultFigures(this.fixture.name(), "8-concurrent-copies", 8, settled.get(), 0, 8 - settled.get(),
				bodyRuns.get() - 1, 0)
			.print();
		assertThat(bodyRuns).as("the handler body ran once").hasValue(1);
	}

	@Test
	void malformedInputIsDeadLetteredWithAReasonAndTheListenerStaysAlive() throws Exception {
		Destination orders = destination("malformed", RetryPolicy.defaults());
		Destination dead = this.fixture.deadLetterDestination(orders.name() + "-dead", orders);
		Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
		Map<String, DeadLetterInfo> deadLetters = new ConcurrentHashMap<>();
		Ferry ferry = ferry(orders, dead);
		ferry.listen(ListenerDefinition.builder("malformed-handler", orders.name(), FaultOrder.class,
				(order, context) -> runs.computeIfAbsent(order.n(), n -> new AtomicInteger()).incrementAndGet())
			.concurrency(this.fixture.parallelism())
			.build());
		ferry.listen(ListenerDefinition.builder("malformed-dead-letters", dead.name(), byte[].class,
				(body, context) -> deadLetters.put(context.messageId(), context.deadLetterInfo().orElseThrow()))
			.build());
		ferry.start();

		Random random = new Random(7);
		List<EncodedMessage> malformed = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			StringBuilder noise = new StringBuilder();
			for (int c = 0; c < 5 + random.nextInt(200); c++) {
				noise.append((char) ('!' + random.nextInt(90)));
			}
			malformed.add(raw("random-" + i, "<" + noise, Map.of()));
		}
		malformed.add(raw("wrong-type-string", "{\"n\":\"forty-two\",\"poison\":false}", Map.of()));
		malformed.add(raw("wrong-type-array", "[1,2,3]", Map.of()));
		malformed.add(raw("wrong-type-scalar", "\"an order\"", Map.of()));
		malformed.add(raw("json-null", "null", Map.of()));
		malformed.add(raw("wrong-type-header", "{\"n\":1,\"poison\":false}", Map.of(FerryHeaders.TYPE, "java.lang.Integer")));
		malformed.add(raw("broken-envelope", "{\"Type\":\"Notification\",\"Message\":\"{\\\"n\\\":", Map.of()));
		malformed.add(raw("broken-dead-letter-header", "{\"n\":", Map.of(FerryHeaders.DEAD_LETTER, "{not json")));
		malformed.add(raw("truncated-json", "{\"n\":7,\"poi", Map.of()));
		List<EncodedMessage> refusedAtSend = new ArrayList<>();
		refusedAtSend.add(raw("oversize", "\"" + "x".repeat(
				(int) Math.min(Integer.MAX_VALUE - 16, this.fixture.transport().maxMessageBytes(orders) + 1)) + "\"",
				Map.of()));
		refusedAtSend.addAll(invalidAttributes());

		List<EncodedMessage> wire = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			wire.add(raw("good-" + i, "{\"n\":" + i + ",\"poison\":false}", Map.of()));
			if (i < malformed.size()) {
				wire.add(malformed.get(i));
			}
		}
		List<SendResult> results = new ArrayList<>(this.fixture.transport().send(orders, wire).get());
		List<SendResult> refusals = this.fixture.transport().send(orders, refusedAtSend).get();
		results.addAll(refusals);
		Set<String> accepted = new HashSet<>();
		int failedReported = 0;
		for (SendResult result : results) {
			if (result instanceof SendResult.Accepted) {
				accepted.add(result.messageId());
			}
			else {
				failedReported++;
				assertThat(((SendResult.Rejected) result).reason()).as("a rejection says why").isNotBlank();
			}
		}
		Set<String> malformedAccepted = new HashSet<>();
		malformed.forEach(message -> {
			if (accepted.contains(message.id())) {
				malformedAccepted.add(message.id());
			}
		});
		for (EncodedMessage refused : refusedAtSend) {
			assertThat(accepted).as("%s is refused when sent, not silently dropped", refused.id())
				.doesNotContain(refused.id());
		}

		await("malformed dead-lettered, good handled").atMost(Duration.ofSeconds(60))
			.until(() -> runs.size() >= 50 && deadLetters.keySet().containsAll(malformedAccepted));
		// The listener is alive: a message sent after the burst is handled.
		ferry.publisher().publish(orders.name(), new FaultOrder(1_000, false));
		await("listener alive after the burst").atMost(Duration.ofSeconds(30)).until(() -> runs.containsKey(1_000));

		int duplicated = runs.values().stream().mapToInt(count -> count.get() - 1).sum();
		new FaultFigures(this.fixture.name(), "malformed", wire.size() + refusedAtSend.size() + 1, runs.size(),
				failedReported, accepted.size() + 1 - runs.size() - deadLetters.size(), duplicated, deadLetters.size())
			.print();
		assertThat(deadLetters.keySet()).as("only malformed input is dead-lettered").isEqualTo(malformedAccepted);
		deadLetters.values().forEach(info -> assertThat(info.reason()).isNotBlank());
		assertThat(malformedAccepted).as("most malformed input reaches the listener").hasSizeGreaterThan(20);
		assertThat(runs.keySet()).hasSize(51);
		assertThat(ferry.containers()).allMatch(ListenerContainer::isRunning);
	}

	/** Messages whose headers the transport cannot carry; each must be refused at send with a reason. */
	protected List<EncodedMessage> invalidAttributes() {
		return List.of();
	}

	protected final EncodedMessage raw(String id, String body, Map<String, String> headers) {
		Map<String, String> all = new java.util.HashMap<>(headers);
		all.put(FerryHeaders.MESSAGE_ID, id);
		return new EncodedMessage(id, body.getBytes(StandardCharsets.UTF_8), Headers.of(all), "k-" + id.hashCode() % 8,
				null, Duration.ZERO);
	}

	private void publishAll(Ferry ferry, Destination orders, java.util.function.IntFunction<FaultOrder> order) {
		List<OutboundMessage> batch = new ArrayList<>();
		for (int n = 0; n < MESSAGES; n++) {
			batch.add(OutboundMessage.to(orders.name()).payload(order.apply(n)).key("k" + (n % 16)).build());
			if (batch.size() == 500) {
				assertThat(ferry.publisher().publishAll(batch).failed()).isEmpty();
				batch.clear();
			}
		}
	}

	private Destination destination(String prefix, RetryPolicy retry) {
		RetryPolicy fitted = new RetryPolicy(retry.maxAttempts(), this.fixture.minimumRetryDelay(), 2.0,
				this.fixture.minimumRetryDelay().multipliedBy(4), 0.0);
		return this.fixture.createDestination(prefix + "-" + this.counter.incrementAndGet() + "-"
				+ Long.toHexString(System.nanoTime()).substring(6), fitted);
	}

	private Ferry ferry(Destination... destinations) {
		Ferry.Builder builder = Ferry.builder()
			.transport(this.fixture.transport())
			.pollTimeout(Duration.ofMillis(500))
			.shutdownTimeout(Duration.ofSeconds(5));
		for (Destination destination : destinations) {
			builder.destination(destination);
		}
		Ferry ferry = builder.build();
		this.ferries.add(ferry);
		return ferry;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
