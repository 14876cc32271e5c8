package dev.ferry.transport.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

import static dev.ferry.transport.sqs.SqsPublishTest.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single-message publishes from many threads share SendMessageBatch requests within the publish
 * window — counted on the wire with an SDK interceptor — and each caller still gets its own result.
 */
class SqsPublishWindowTests {

	private final ElasticMq sqs = ElasticMq.get();

	@Test
	void concurrentSinglePublishesShareBatchRequests() throws Exception {
		Counting counting = new Counting();
		String url = this.sqs.createQueue("publish-window", Map.of());
		try (SqsAsyncClient client = this.sqs.clientWith(counting)) {
			SqsTransport transport = new SqsTransport(client,
					SqsOptions.defaults().withPublishBatchWindow(Duration.ofMillis(200)), SqsXRay.none());
			Destination destination = Destination.of("orders", "sqs", "publish-window");
			List<SendResult> results = publishConcurrently(transport, destination, 40);
			assertThat(results).hasSize(40).allMatch(SendResult.Accepted.class::isInstance);
			assertThat(this.sqs.approximateCount(url)).isEqualTo(40);
			// 40 calls of one message each: gathered into full requests of ten (a window may close
			// early on a slow machine, so allow a few partial ones), far fewer than one per call.
			assertThat(counting.batches.get()).isBetween(4, 12);
			assertThat(counting.entries.get()).isEqualTo(40);
			transport.close();
		}
	}

	@Test
	void closingTheTransportSendsWhatTheWindowHoldsAtOnce() throws Exception {
		Counting counting = new Counting();
		String url = this.sqs.createQueue("publish-window-close", Map.of());
		try (SqsAsyncClient client = this.sqs.clientWith(counting)) {
			SqsTransport transport = new SqsTransport(client, SqsOptions.defaults().withPublishBatchWindow(Duration.ofSeconds(1)),
					SqsXRay.none());
			long called = System.nanoTime();
			CompletableFuture<List<SendResult>> waiting = transport.send(Destination.of("orders", "sqs", "publish-window-close"),
					List.of(message("{\"n\":1}", Map.of())));
			transport.close();

			assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).singleElement()
				.isInstanceOf(SendResult.Accepted.class);
			assertThat(this.sqs.approximateCount(url)).isEqualTo(1);
			// sent by close, not by the end of the 1 s window
			assertThat(counting.firstSent.get() - called).isLessThan(Duration.ofSeconds(1).toNanos());
		}
	}

	@Test
	void zeroWindowSendsEveryCallAtOnce() throws Exception {
		Counting counting = new Counting();
		this.sqs.createQueue("publish-no-window", Map.of());
		try (SqsAsyncClient client = this.sqs.clientWith(counting)) {
			SqsTransport transport = new SqsTransport(client, SqsOptions.defaults().withPublishBatchWindow(Duration.ZERO),
					SqsXRay.none());
			List<SendResult> results = publishConcurrently(transport, Destination.of("orders", "sqs", "publish-no-window"), 20);
			assertThat(results).allMatch(SendResult.Accepted.class::isInstance);
			assertThat(counting.batches.get()).isEqualTo(20);
		}
	}

	@Test
	void fifoQueuesAreNeverGathered() throws Exception {
		Counting counting = new Counting();
		this.sqs.createQueue("publish-window.fifo", Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.FIFO_QUEUE, "true"));
		try (SqsAsyncClient client = this.sqs.clientWith(counting)) {
			SqsTransport transport = new SqsTransport(client,
					SqsOptions.defaults().withPublishBatchWindow(Duration.ofMillis(200)), SqsXRay.none());
			Destination destination = Destination.of("orders", "sqs", "publish-window.fifo");
			// five calls in flight at once: gathered, they would share one request
			List<CompletableFuture<List<SendResult>>> calls = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				EncodedMessage keyed = new EncodedMessage("m-" + i, ("{\"n\":" + i + "}").getBytes(), message("x", Map.of()).headers(),
						"group", null, Duration.ZERO);
				calls.add(transport.send(destination, List.of(keyed)));
			}
			List<SendResult> results = new ArrayList<>();
			calls.forEach(call -> results.addAll(call.join()));
			assertThat(results).allMatch(SendResult.Accepted.class::isInstance);
			assertThat(counting.batches.get()).isEqualTo(5);
		}
	}

	private static List<SendResult> publishConcurrently(SqsTransport transport, Destination destination, int count)
			throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(count);
		try {
			List<CompletableFuture<List<SendResult>>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				EncodedMessage message = message("{\"n\":" + i + "}", Map.of());
				futures.add(CompletableFuture.supplyAsync(() -> transport.send(destination, List.of(message)), threads)
					.thenCompose(future -> future));
			}
			List<SendResult> results = new ArrayList<>();
			for (CompletableFuture<List<SendResult>> future : futures) {
				List<SendResult> one = future.get();
				assertThat(one).hasSize(1);
				results.addAll(one);
			}
			return results;
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** Counts SendMessageBatch requests and their entries as they go on the wire. */
	static final class Counting implements ExecutionInterceptor {

		final AtomicInteger batches = new AtomicInteger();

		final AtomicInteger entries = new AtomicInteger();

		/** When the first SendMessageBatch went on the wire ({@link System#nanoTime()}). */
		final java.util.concurrent.atomic.AtomicLong firstSent = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

		@Override
		public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
			if (context.request() instanceof SendMessageBatchRequest batch) {
				this.firstSent.compareAndSet(Long.MAX_VALUE, System.nanoTime());
				this.batches.incrementAndGet();
				this.entries.addAndGet(batch.entries().size());
			}
		}

	}

}
