package dev.ferry.core.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.ferry.core.message.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gathering rules on their own, with a batch sender that records what it was handed; each
 * transport's tests check the same against its backend, counting requests on the wire.
 */
class SendCoalescerTests {

	private static final SendCoalescer.Limits TEN = new SendCoalescer.Limits(10, 1_000, m -> m.body().length);

	private final List<List<EncodedMessage>> batches = new CopyOnWriteArrayList<>();

	private final List<SendCoalescer> coalescers = new ArrayList<>();

	private final ExecutorService callers = Executors.newFixedThreadPool(32);

	@AfterEach
	void close() {
		this.callers.shutdownNow();
		this.coalescers.forEach(SendCoalescer::close);
	}

	@Test
	void concurrentSingleSendsShareFullBatchesAndEachCallerGetsItsOwnResult() throws Exception {
		// a window far longer than the test: only full batches leave before close
		SendCoalescer coalescer = coalescer(Duration.ofSeconds(1));
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<List<SendResult>>> calls = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			EncodedMessage message = message("m" + i, 10);
			calls.add(CompletableFuture.supplyAsync(() -> {
				awaitQuietly(go);
				return coalescer.send("queue", TEN, List.of(message), this::accept);
			}, this.callers).thenCompose(Function.identity()));
		}
		go.countDown();
		for (int i = 0; i < 30; i++) {
			List<SendResult> results = calls.get(i).get(10, TimeUnit.SECONDS);
			assertThat(results).singleElement().satisfies(result -> {
				assertThat(result).isInstanceOf(SendResult.Accepted.class);
			});
			assertThat(results.get(0).messageId()).isEqualTo("m" + i);
		}
		assertThat(this.batches).hasSize(3).allSatisfy(batch -> assertThat(batch).hasSize(10));
	}

	@Test
	void aLoneMessageLeavesWhenTheWindowEnds() {
		SendCoalescer coalescer = coalescer(Duration.ofMillis(20));
		CompletableFuture<List<SendResult>> call = coalescer.send("queue", TEN, List.of(message("alone", 10)), this::accept);

		await().atMost(Duration.ofSeconds(5)).until(call::isDone);
		assertThat(call.join()).singleElement().extracting(SendResult::messageId).isEqualTo("alone");
		assertThat(this.batches).singleElement().satisfies(batch -> assertThat(batch).hasSize(1));
	}

	@Test
	void aBatchThatWouldPassTheByteLimitLeavesBeforeTheMessageThatWouldPassIt() {
		SendCoalescer coalescer = coalescer(Duration.ofSeconds(1));
		List<CompletableFuture<List<SendResult>>> calls = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			calls.add(coalescer.send("queue", TEN, List.of(message("b" + i, 400)), this::accept));
		}
		// 400 + 400 fit 1,000 bytes; the third opened a new batch and is still waiting
		assertThat(this.batches).singleElement().satisfies(batch -> assertThat(batch).extracting(EncodedMessage::id)
			.containsExactly("b0", "b1"));
		assertThat(calls.get(2)).isNotDone();
		coalescer.close();
		assertThat(calls.get(2).join()).singleElement().extracting(SendResult::messageId).isEqualTo("b2");
		assertThat(this.batches).hasSize(2);
	}

	@Test
	void messagesWithTheSameDistinctValueNeverShareABatch() {
		SendCoalescer coalescer = coalescer(Duration.ofSeconds(1));
		SendCoalescer.Limits byKey = new SendCoalescer.Limits(10, 1_000, m -> 1, EncodedMessage::key);
		List<CompletableFuture<List<SendResult>>> calls = new ArrayList<>();
		String[] keys = { "a", "b", "a", "c", "a", "b" };
		for (int i = 0; i < keys.length; i++) {
			calls.add(coalescer.send("stream", byKey, List.of(keyed("k" + i, keys[i])), this::accept));
		}
		coalescer.close();
		calls.forEach(CompletableFuture::join);
		assertThat(this.batches).hasSize(3).allSatisfy(batch -> {
			Set<String> seen = new HashSet<>();
			assertThat(batch).allSatisfy(message -> assertThat(seen.add(message.key())).isTrue());
		});
		// in the order of the calls: a second "a" closes the batch holding the first
		assertThat(this.batches.get(0)).extracting(EncodedMessage::id).containsExactly("k0", "k1");
		assertThat(this.batches.get(1)).extracting(EncodedMessage::id).containsExactly("k2", "k3");
		assertThat(this.batches.get(2)).extracting(EncodedMessage::id).containsExactly("k4", "k5");
	}

	@Test
	void aCallOfSeveralMessagesGetsItsResultsInOrderAndAFullCallGoesAtOnce() {
		SendCoalescer coalescer = coalescer(Duration.ofSeconds(1));
		List<EncodedMessage> three = List.of(message("x0", 1), message("x1", 1), message("x2", 1));
		CompletableFuture<List<SendResult>> small = coalescer.send("queue", TEN, three, this::accept);
		List<EncodedMessage> ten = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ten.add(message("t" + i, 1));
		}
		List<SendResult> full = coalescer.send("queue", TEN, ten, this::accept).join();

		assertThat(full).extracting(SendResult::messageId).containsExactlyElementsOf(ten.stream().map(EncodedMessage::id).toList());
		assertThat(small).isNotDone();
		coalescer.close();
		assertThat(small.join()).extracting(SendResult::messageId).containsExactly("x0", "x1", "x2");
	}

	@Test
	void aFailedBatchFailsEveryCallInIt() {
		SendCoalescer coalescer = coalescer(Duration.ofSeconds(1));
		Function<List<EncodedMessage>, CompletableFuture<List<SendResult>>> throwing = batch -> {
			throw new IllegalStateException("client closed");
		};
		CompletableFuture<List<SendResult>> first = coalescer.send("queue", TEN, List.of(message("f0", 1)), throwing);
		CompletableFuture<List<SendResult>> second = coalescer.send("queue", TEN, List.of(message("f1", 1)), throwing);
		coalescer.close();

		assertThatThrownBy(first::join).hasRootCauseMessage("client closed");
		assertThatThrownBy(second::join).hasRootCauseMessage("client closed");
	}

	@Test
	void afterCloseCallsAreSentAtOnce() {
		SendCoalescer coalescer = coalescer(Duration.ofSeconds(1));
		coalescer.close();
		List<SendResult> results = coalescer.send("queue", TEN, List.of(message("late", 1)), this::accept).join();

		assertThat(results).singleElement().extracting(SendResult::messageId).isEqualTo("late");
		assertThat(this.batches).hasSize(1);
	}

	@Test
	void theTraceHeaderIsPinnedOnlyWhereAMessageHasNoneOfItsOwn() {
		EncodedMessage own = new EncodedMessage("own", new byte[0], Headers.of(java.util.Map.of("AWSTraceHeader", "Root=own")), null, null,
				Duration.ZERO);
		EncodedMessage bare = message("bare", 1);
		List<EncodedMessage> pinned = SendCoalescer.withHeaderIfAbsent(List.of(own, bare), "AWSTraceHeader", "Root=env");

		assertThat(pinned.get(0).headers().getOrNull("AWSTraceHeader")).isEqualTo("Root=own");
		assertThat(pinned.get(1).headers().getOrNull("AWSTraceHeader")).isEqualTo("Root=env");
		assertThat(SendCoalescer.withHeaderIfAbsent(List.of(bare), "AWSTraceHeader", null)).containsExactly(bare);
	}

	@Test
	void aZeroWindowIsRefused() {
		assertThatThrownBy(() -> new SendCoalescer("t", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("zero window sends every call at once");
	}

	private SendCoalescer coalescer(Duration window) {
		SendCoalescer coalescer = new SendCoalescer("test-window", window);
		this.coalescers.add(coalescer);
		return coalescer;
	}

	private CompletableFuture<List<SendResult>> accept(List<EncodedMessage> batch) {
		this.batches.add(batch);
		return CompletableFuture.completedFuture(batch.stream()
			.map(message -> (SendResult) new SendResult.Accepted(message.id(), "t-" + message.id(), java.util.Map.of()))
			.toList());
	}

	private static EncodedMessage message(String id, int bytes) {
		return new EncodedMessage(id, "x".repeat(bytes).getBytes(StandardCharsets.UTF_8), Headers.empty(), null, null,
				Duration.ZERO);
	}

	private static EncodedMessage keyed(String id, String key) {
		return new EncodedMessage(id, new byte[1], Headers.empty(), key, null, Duration.ZERO);
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
