package dev.ferry.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import dev.ferry.core.consume.BatchDeliveryHandler;
import dev.ferry.core.consume.BatchResult;
import dev.ferry.core.consume.DefaultErrorClassifier;
import dev.ferry.core.consume.DeliveryHandler;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.convert.JacksonPayloadConverter;
import dev.ferry.core.idempotency.AcquireResult;
import dev.ferry.core.idempotency.AcquireResult.Decision;
import dev.ferry.core.idempotency.IdempotencyKeyStrategy;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.idempotency.InMemoryIdempotencyStore;
import dev.ferry.core.idempotency.TransactionalInbox;
import dev.ferry.core.message.DeliveryControl;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's use of a {@link TransactionalInbox}: what commits, what rolls back, which outcome
 * each message gets. The inbox here keeps claims and the handler's "writes" in memory and applies
 * them only on commit, like a database transaction; the JDBC inbox is tested on PostgreSQL and
 * MariaDB in ferry-test.
 */
class TransactionalInboxPipelineTests {

	record Order(String id) {
	}

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final RecordingInbox inbox = new RecordingInbox();

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void handlerWorkAndClaimCommitOnceAndARedeliveryIsADuplicate() {
		ConsumerPipeline pipeline = single((order, context) -> this.inbox.write(order.id()));

		assertThat(pipeline.process(List.of(message("m-1", "o-1")))).containsExactly(Outcome.ack());
		assertThat(pipeline.process(List.of(message("m-1", "o-1")))).containsExactly(new Outcome.Ack(true));

		assertThat(this.inbox.effects).containsExactly("o-1");
		assertThat(this.inbox.commits).isEqualTo(1);
	}

	@Test
	void handlerFailureRollsBackItsWorkAndTheClaimSoTheRetryRuns() {
		int[] calls = { 0 };
		ConsumerPipeline pipeline = single((order, context) -> {
			this.inbox.write(order.id() + "#" + ++calls[0]);
			if (calls[0] == 1) {
				throw new IllegalStateException("first attempt fails after writing");
			}
		});

		assertThat(pipeline.process(List.of(message("m-1", "o-1")))).singleElement().isInstanceOf(Outcome.Retry.class);
		assertThat(this.inbox.effects).isEmpty();
		assertThat(this.inbox.claims).isEmpty();
		assertThat(pipeline.process(List.of(message("m-1", "o-1")))).containsExactly(Outcome.ack());
		assertThat(this.inbox.effects).containsExactly("o-1#2");
	}

	@Test
	void failedCommitIsRetriedNotAcknowledged() {
		ConsumerPipeline pipeline = single((order, context) -> this.inbox.write(order.id()));
		this.inbox.failCommits = true;

		assertThat(pipeline.process(List.of(message("m-1", "o-1")))).singleElement().isInstanceOf(Outcome.Retry.class);
		assertThat(this.inbox.effects).isEmpty();
	}

	@Test
	void batchCommitsOnceAndWithdrawsTheClaimsOfMessagesReportedFailed() {
		ConsumerPipeline pipeline = batch(deliveries -> {
			BatchResult.Builder result = BatchResult.builder();
			for (var delivery : deliveries) {
				if (delivery.payload().id().equals("bad")) {
					result.fail(delivery, new IllegalStateException("bad order"));
				}
				else {
					this.inbox.write(delivery.payload().id());
				}
			}
			return result.build();
		});

		List<Outcome> outcomes = pipeline.process(List.of(message("m-1", "o-1"), message("m-2", "bad"), message("m-3", "o-3")));

		assertThat(outcomes.get(0)).isEqualTo(Outcome.ack());
		assertThat(outcomes.get(1)).isInstanceOf(Outcome.Retry.class);
		assertThat(outcomes.get(2)).isEqualTo(Outcome.ack());
		assertThat(this.inbox.commits).isEqualTo(1);
		assertThat(this.inbox.effects).containsExactly("o-1", "o-3");
		assertThat(this.inbox.claims).containsOnlyKeys("l:m-1", "l:m-3");
	}

	@Test
	void batchHandlerThatThrowsRollsBackEveryMessage() {
		ConsumerPipeline pipeline = batch(deliveries -> {
			deliveries.forEach(delivery -> this.inbox.write(delivery.payload().id()));
			throw new IllegalStateException("batch failed");
		});

		List<Outcome> outcomes = pipeline.process(List.of(message("m-1", "o-1"), message("m-2", "o-2")));

		assertThat(outcomes).allMatch(Outcome.Retry.class::isInstance);
		assertThat(this.inbox.commits).isZero();
		assertThat(this.inbox.effects).isEmpty();
		assertThat(this.inbox.claims).isEmpty();
	}

	private ConsumerPipeline single(DeliveryHandler<Order> handler) {
		return pipeline(ListenerDefinition.builder("l", "orders", Order.class, handler).build());
	}

	private ConsumerPipeline batch(BatchDeliveryHandler<Order> handler) {
		return pipeline(ListenerDefinition.batchBuilder("l", "orders", Order.class, handler).build());
	}

	private ConsumerPipeline pipeline(ListenerDefinition definition) {
		IdempotencySettings settings = IdempotencySettings.defaults();
		IdempotencyGate gate = new IdempotencyGate("l", new InMemoryIdempotencyStore(), settings,
				IdempotencyKeyStrategy.DEFAULT, this.inbox);
		RetryPolicy retry = new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0);
		return new ConsumerPipeline(definition, new JacksonPayloadConverter(), gate,
				new OutcomeResolver(new DefaultErrorClassifier(), retry), new Heartbeat(this.scheduler), false,
				ConsumeObserver.NONE, settings.lease());
	}

	private static InboundMessage message(String id, String orderId) {
		byte[] body = ("{\"id\":\"" + orderId + "\"}").getBytes(StandardCharsets.UTF_8);
		return new InboundMessage(id, "t-" + id, "orders", body, Headers.empty(), null, null, null, 1, null, Map.of(),
				DeliveryControl.NONE);
	}

	/** A transaction in memory: claims and writes become visible on commit only. */
	static final class RecordingInbox implements TransactionalInbox {

		final Map<String, String> claims = new HashMap<>();

		final List<String> effects = new ArrayList<>();

		int commits;

		boolean failCommits;

		private Map<String, String> pendingClaims = new HashMap<>();

		private List<String> pendingEffects = new ArrayList<>();

		void write(String effect) {
			this.pendingEffects.add(effect);
		}

		@Override
		public boolean inTransaction(BooleanSupplier work) {
			this.pendingClaims = new HashMap<>();
			this.pendingEffects = new ArrayList<>();
			if (!work.getAsBoolean()) {
				return false;
			}
			if (this.failCommits) {
				throw new IllegalStateException("commit failed");
			}
			this.claims.putAll(this.pendingClaims);
			this.effects.addAll(this.pendingEffects);
			this.commits++;
			return true;
		}

		@Override
		public AcquireResult claim(String key, String owner, Duration ttl) {
			if (this.claims.containsKey(key)) {
				return new AcquireResult(Decision.COMPLETED, Instant.now().plus(ttl));
			}
			this.pendingClaims.put(key, owner);
			return new AcquireResult(Decision.ACQUIRED, Instant.now().plus(ttl));
		}

		@Override
		public void unclaim(String key, String owner) {
			this.pendingClaims.remove(key, owner);
		}

	}

}
