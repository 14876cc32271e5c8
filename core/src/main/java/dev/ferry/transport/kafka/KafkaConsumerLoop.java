package dev.ferry.transport.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.DeliveryControl;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.InboundProcessor;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a {@link KafkaReceiver}: a poll thread that alone touches the Kafka consumer, and a
 * worker thread that runs the pipeline.
 *
 * <p>While a batch is on the worker the poll thread keeps calling {@code poll}: the consumer stays in
 * its group however long the handler takes (a handler slower than {@code max.poll.interval.ms} no
 * longer costs a rebalance and a duplicate). It fetches one poll's worth of the next batch and turns
 * it into messages meanwhile, then pauses every assigned partition, so at most one batch waits in
 * memory. When the worker is done the poll thread applies the outcomes (see
 * {@link KafkaAcknowledger}), hands the waiting batch to the worker at once and only then commits:
 * one commit records the finished batch and the start of the next, and the worker runs while it
 * travels. A retry seeks its partition back and drops what was fetched of it ahead. Before a batch
 * runs its delivery is recorded with the committed offset ({@link KafkaAttempts}), so attempts
 * survive crashes and rebalances; a record delivered more often than the destination's
 * {@code retry.max-attempts} without ever reaching an outcome (it stopped the process, or its
 * consumer lost the partition, each time) is dead-lettered without running the handler again.
 *
 * <p>Why overlap instead of poll, process, commit in turn as a record listener container does: the
 * commit is a round trip to the group coordinator per batch, and converting records is work the
 * poll thread can do while the worker runs; done in turn they added up to half the time per batch
 * of 500 in the {@code kafka-consume} benchmark. The commit after a batch is still waited for
 * before the batch after the next one starts, so at most one batch runs uncommitted.
 */
final class KafkaConsumerLoop implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(KafkaConsumerLoop.class);

	/** Longest wait for the worker between two polls while a batch is in flight. */
	private static final Duration IN_FLIGHT_WAIT = Duration.ofMillis(200);

	/**
	 * First wait for the worker between two polls while the next batch is still being fetched; it
	 * doubles while polls come back empty, up to {@link #IN_FLIGHT_WAIT}.
	 */
	private static final Duration PREFETCH_WAIT = Duration.ofMillis(1);

	/** Back-off after the attempts marker could not be committed (broker away, group rebalancing). */
	private static final Duration MARKER_FAILED_DELAY = Duration.ofSeconds(1);

	private final Destination destination;

	private final InboundProcessor processor;

	private final KafkaAcknowledger acknowledger;

	private final Consumer<String, byte[]> consumer;

	private final Duration pollTimeout;

	private final Duration commitTimeout;

	private final Duration revokeWait;

	private final ExecutorService worker;

	private final KafkaAttempts attempts = new KafkaAttempts();

	/** Partitions backing off after a retry, with the time (nanoTime) they resume. */
	private final Map<TopicPartition, Long> backOffUntil = new HashMap<>();

	/**
	 * Records polled but not yet handed to the worker, with their messages when already built; their
	 * partitions stay paused meanwhile. Two kinds: the next batch, fetched while one runs, and the
	 * rest of a partition delivered one record at a time (the range of a crashed batch, see
	 * {@link KafkaAttempts}). Holding the latter instead of seeking back matters: a seek drops what
	 * was fetched, and the next fetch cannot leave before the prefetch already waiting at the end of
	 * the partition comes back (up to {@code fetch.max.wait.ms}), which made each record of the range
	 * cost one such wait.
	 */
	private final Map<TopicPartition, ArrayDeque<Held>> held = new HashMap<>();

	private final AtomicInteger revocations;

	private volatile boolean running = true;

	private volatile long stopDeadline = Long.MAX_VALUE;

	private @Nullable InFlight inFlight;

	KafkaConsumerLoop(Destination destination, InboundProcessor processor, KafkaAcknowledger acknowledger,
			Consumer<String, byte[]> consumer, Duration pollTimeout, Duration commitTimeout, Duration revokeWait,
			String workerName, AtomicInteger revocations) {
		this.destination = destination;
		this.processor = processor;
		this.acknowledger = acknowledger;
		this.consumer = consumer;
		this.pollTimeout = pollTimeout;
		this.commitTimeout = commitTimeout;
		this.revokeWait = revokeWait;
		this.revocations = revocations;
		// Not a daemon: a running listener keeps the application alive, as Spring's containers do.
		this.worker = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, workerName));
	}

	/** Asks the loop to stop; in-flight work may finish until {@code deadlineNanos}. */
	void requestStop(long deadlineNanos) {
		this.stopDeadline = deadlineNanos;
		this.running = false;
	}

	@Override
	public void run() {
		try {
			this.consumer.subscribe(List.of(this.destination.resource()), new Rebalance());
			while (this.running) {
				resumeDue();
				boolean ready = this.inFlight == null && !this.held.isEmpty();
				ConsumerRecords<String, byte[]> records = this.consumer
					.poll(this.inFlight != null || ready ? Duration.ZERO : this.pollTimeout);
				// read after the poll: a rebalance inside it may have finished the batch in flight
				InFlight flight = this.inFlight;
				if (flight == null) {
					if (!records.isEmpty() || !this.held.isEmpty()) {
						dispatch(records);
					}
					continue;
				}
				if (!records.isEmpty()) {
					hold(records, flight);
				}
				else {
					awaitQuietly(flight.result, flight.nextWait());
				}
				finishIfDone(true);
			}
			InFlight flight = this.inFlight;
			if (flight != null) {
				long remaining = this.stopDeadline - System.nanoTime();
				awaitQuietly(flight.result, Duration.ofNanos(Math.max(0, remaining)));
				if (!finishIfDone(false)) {
					flight.abandonAll();
					// Closing the consumer revokes the partitions: nothing is left to wait for.
					this.inFlight = null;
					logger.warn("kafka/{} listener stopped with a batch of {} unfinished; it is not committed and will "
							+ "be delivered again", this.destination.name(), flight.records.size());
				}
			}
		}
		catch (RuntimeException | Error ex) {
			logger.error("kafka/{} consumer failed; uncommitted records will be delivered again",
					this.destination.name(), ex);
		}
		finally {
			this.running = false;
			this.worker.shutdown();
			try {
				this.consumer.close(Duration.ofSeconds(5));
			}
			catch (RuntimeException ex) {
				logger.debug("kafka/{} consumer did not close cleanly: {}", this.destination.name(), ex.toString());
			}
		}
	}

	boolean isRunning() {
		return this.running;
	}

	/** Starts a batch of what is held and what was just polled; no batch is in flight. */
	private void dispatch(ConsumerRecords<String, byte[]> polled) {
		// Held records come first: the consumer's position on their partition is already past them.
		Map<TopicPartition, List<Held>> available = takeHeld();
		for (TopicPartition partition : polled.partitions()) {
			List<Held> records = available.computeIfAbsent(partition, tp -> new ArrayList<>());
			for (ConsumerRecord<String, byte[]> record : polled.records(partition)) {
				records.add(new Held(record, null));
			}
		}
		start(assemble(available), Map.of());
	}

	/**
	 * Keeps records polled while a batch runs for the next batch, builds their messages now (the poll
	 * thread has nothing else to do meanwhile) and pauses every partition until that batch starts.
	 * The attempt numbers read now stay right: they change only for partitions whose batch is retried,
	 * and a retry seeks back and drops what is held of its partition.
	 */
	private void hold(ConsumerRecords<String, byte[]> polled, InFlight flight) {
		for (TopicPartition partition : polled.partitions()) {
			PartitionNames names = new PartitionNames(partition.topic(), partition.partition());
			ArrayDeque<Held> records = this.held.computeIfAbsent(partition, tp -> new ArrayDeque<>());
			for (ConsumerRecord<String, byte[]> record : polled.records(partition)) {
				records.add(new Held(record, toMessage(record, names)));
			}
		}
		this.consumer.pause(this.consumer.assignment());
		flight.prefetched = true;
	}

	private Map<TopicPartition, List<Held>> takeHeld() {
		Map<TopicPartition, List<Held>> available = new LinkedHashMap<>();
		this.held.forEach((partition, records) -> available.put(partition, new ArrayList<>(records)));
		this.held.clear();
		return available;
	}

	/**
	 * The next batch out of {@code available} (per partition, in offset order) with the attempts
	 * markers to commit before it runs; the rest of a partition in a crashed range goes back to
	 * {@link #held}.
	 */
	private Batch assemble(Map<TopicPartition, List<Held>> available) {
		int size = 0;
		for (List<Held> records : available.values()) {
			size += records.size();
		}
		List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(size);
		List<InboundMessage> messages = new ArrayList<>(size);
		Map<TopicPartition, Long> polledUntil = new HashMap<>();
		Map<TopicPartition, OffsetAndMetadata> markers = new HashMap<>();
		// whether a record of the batch was delivered before (retried, or in the range of a crash)
		boolean redelivered = false;
		for (Map.Entry<TopicPartition, List<Held>> entry : available.entrySet()) {
			TopicPartition partition = entry.getKey();
			List<Held> records = entry.getValue();
			PartitionNames names = new PartitionNames(partition.topic(), partition.partition());
			long first = records.get(0).record().offset();
			List<Held> rest = records.subList(1, records.size());
			if (!rest.isEmpty() && this.attempts.careful(partition, first)) {
				// One record of the crashed range now; the others wait in memory, counted as they were.
				add(records.get(0), names, batch, messages);
				this.held.put(partition, new ArrayDeque<>(rest));
				polledUntil.put(partition, first + 1);
				long to = first;
				int before = 0;
				for (Held later : rest) {
					int delivered = this.attempts.next(partition, later.record().offset()) - 1;
					if (delivered > 0) {
						to = later.record().offset();
						before = Math.max(before, delivered);
					}
				}
				markers.put(partition, KafkaAttempts.inFlight(first, to, this.attempts.next(partition, first), before));
				redelivered = true;
				continue;
			}
			int from = messages.size();
			for (Held record : records) {
				add(record, names, batch, messages);
			}
			int attempt = messages.get(from).attempt();
			int later = 0;
			for (int i = from + 1; i < messages.size(); i++) {
				later = Math.max(later, messages.get(i).attempt());
			}
			long last = records.get(records.size() - 1).record().offset();
			polledUntil.put(partition, last + 1);
			markers.put(partition, KafkaAttempts.inFlight(first, last, attempt, later));
			redelivered |= attempt > 1 || later > 1;
		}
		return new Batch(batch, messages, polledUntil, markers, redelivered);
	}

	private void add(Held held, PartitionNames names, List<ConsumerRecord<String, byte[]>> records,
			List<InboundMessage> messages) {
		records.add(held.record());
		InboundMessage message = held.message();
		messages.add(message != null ? message : toMessage(held.record(), names));
	}

	/**
	 * Records the start of {@code next} (with {@code done}, the commits of the batch just finished)
	 * and hands it to the worker. A batch with a record delivered before waits until its marker is
	 * committed, so from the second delivery on every count is exact; a batch of first deliveries
	 * goes first and its marker travels while it runs (see {@link KafkaAttempts}). The commit of a
	 * finished batch is always waited for.
	 */
	private void start(@Nullable Batch next, Map<TopicPartition, OffsetAndMetadata> done) {
		if (next == null) {
			if (!done.isEmpty() && !commit(done)) {
				// Outcomes are applied; what is not committed comes back and meets the idempotency gate.
				logger.warn("kafka/{} could not commit {}; those records will be delivered again",
						this.destination.name(), done.keySet());
			}
			return;
		}
		Map<TopicPartition, OffsetAndMetadata> commits = next.markers();
		if (!done.isEmpty()) {
			// a partition in both: the marker's offset is the finished batch's commit, so it says both
			commits = new HashMap<>(done);
			commits.putAll(next.markers());
		}
		if (next.redelivered()) {
			if (!commit(commits)) {
				putBack(next);
				return;
			}
			handOver(next);
		}
		else if (done.isEmpty()) {
			try {
				this.consumer.commitAsync(commits, this::markerFailed);
			}
			catch (RuntimeException ex) {
				logger.debug("kafka/{} attempts marker not sent", this.destination.name(), ex);
				putBack(next);
				return;
			}
			handOver(next);
		}
		else {
			handOver(next);
			if (!commit(commits)) {
				logger.warn("kafka/{} could not commit {}; the records finished before will be delivered again and "
						+ "the first delivery of those now running is not counted", this.destination.name(),
						commits.keySet());
			}
		}
	}

	/** A synchronous commit; false (logged by the caller) when the broker did not take it. */
	private boolean commit(Map<TopicPartition, OffsetAndMetadata> commits) {
		try {
			this.consumer.commitSync(commits, this.commitTimeout);
			return true;
		}
		catch (RuntimeException ex) {
			logger.debug("kafka/{} commit of {} failed", this.destination.name(), commits.keySet(), ex);
			return false;
		}
	}

	/** Without its marker a crash would go uncounted: the batch is delivered once one can be written. */
	private void putBack(Batch batch) {
		logger.warn("kafka/{} could not record the delivery of {} records; delivering them later",
				this.destination.name(), batch.records().size());
		batch.markers().forEach((partition, marker) -> {
			this.held.remove(partition);
			this.consumer.seek(partition, marker.offset());
			backOff(partition, MARKER_FAILED_DELAY);
		});
	}

	private void handOver(Batch batch) {
		InFlight flight = new InFlight(batch.records(), batch.messages(), batch.polledUntil());
		this.inFlight = flight;
		flight.result = CompletableFuture.supplyAsync(() -> work(flight), this.worker);
	}

	/** On the worker: the pipeline, then the outcomes that need the broker. */
	private List<@Nullable Duration> work(InFlight flight) {
		int maxAttempts = this.destination.retry().maxAttempts();
		List<Outcome> outcomes = new ArrayList<>(flight.messages.size());
		List<InboundMessage> toProcess = new ArrayList<>(flight.messages.size());
		for (InboundMessage message : flight.messages) {
			if (message.attempt() > maxAttempts) {
				outcomes.add(Outcome.reject(DeadLetterInfo.RETRIES_EXHAUSTED,
						"delivered " + (message.attempt() - 1) + " times without an outcome (the consumer stopped or "
								+ "lost its partition during each attempt); retry.max-attempts is " + maxAttempts,
						null));
			}
			else {
				outcomes.add(null);
				toProcess.add(message);
			}
		}
		List<Outcome> processed = process(toProcess);
		for (int i = 0, next = 0; i < outcomes.size(); i++) {
			if (outcomes.get(i) == null) {
				outcomes.set(i, processed.get(next++));
			}
		}
		if (flight.abandoned.containsAll(flight.partitions())) {
			// The poll thread gave these records up (stop or rebalance): another delivery will decide.
			return outcomes.stream().map(outcome -> (@Nullable Duration) Duration.ZERO).toList();
		}
		return this.acknowledger.settle(flight.records, flight.messages, outcomes);
	}

	private List<Outcome> process(List<InboundMessage> messages) {
		if (messages.isEmpty()) {
			return List.of();
		}
		List<Outcome> outcomes;
		try {
			outcomes = this.processor.process(messages);
		}
		catch (RuntimeException ex) {
			// The processor promises not to throw; if it does, nothing of the batch is committed.
			logger.error("kafka/{} pipeline failed on a batch of {}; retrying it", this.destination.name(),
					messages.size(), ex);
			return messages.stream().map(m -> (Outcome) Outcome.retry(Duration.ofSeconds(1), ex)).toList();
		}
		if (outcomes.size() != messages.size()) {
			logger.error("kafka/{} pipeline returned {} outcomes for {} records; retrying the batch",
					this.destination.name(), outcomes.size(), messages.size());
			return messages.stream().map(m -> (Outcome) Outcome.retry(Duration.ofSeconds(1), null)).toList();
		}
		return outcomes;
	}

	/**
	 * On the poll thread: applies a finished batch and, when {@code startNext}, starts the held one.
	 * Returns false while the batch is still running.
	 */
	private boolean finishIfDone(boolean startNext) {
		InFlight flight = this.inFlight;
		if (flight == null) {
			return true;
		}
		if (!flight.result.isDone()) {
			return false;
		}
		this.inFlight = null;
		List<@Nullable Duration> settled;
		try {
			settled = flight.result.join();
		}
		catch (RuntimeException ex) {
			logger.error("kafka/{} batch of {} failed; delivering it again", this.destination.name(),
					flight.records.size(), ex);
			settled = flight.records.stream().map(r -> (@Nullable Duration) Duration.ofSeconds(1)).toList();
		}
		Map<TopicPartition, KafkaAcknowledger.PartitionPlan> plans = KafkaAcknowledger.plan(flight.records,
				flight.messages, settled, flight.polledUntil);
		Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
		plans.forEach((partition, plan) -> {
			if (flight.abandoned.contains(partition)) {
				return;
			}
			if (plan.seekTo() != null) {
				this.consumer.seek(partition, plan.seekTo());
				this.held.remove(partition);
			}
			if (!plan.retried().isEmpty()) {
				this.attempts.retried(partition, plan.retried());
			}
			this.attempts.advanced(partition, plan.next());
			if (plan.backOff() != null) {
				backOff(partition, plan.backOff());
			}
			if (plan.commit() != null) {
				commits.put(partition, plan.commit());
			}
		});
		start(startNext && !this.held.isEmpty() ? assemble(takeHeld()) : null, commits);
		Set<TopicPartition> resume = new HashSet<>(this.consumer.assignment());
		resume.removeAll(this.backOffUntil.keySet());
		resume.removeAll(this.held.keySet());
		// the next batch is fetched while the one just started runs
		this.consumer.resume(resume);
		return true;
	}

	/** Callback of an attempts marker not waited for (on the poll thread, inside a later poll). */
	private void markerFailed(Map<TopicPartition, OffsetAndMetadata> markers, @Nullable Exception ex) {
		if (ex != null) {
			logger.warn("kafka/{} could not record the first delivery of {} ({}); a crash while they are handled "
					+ "would not be counted as an attempt", this.destination.name(), markers.keySet(), ex.toString());
		}
	}

	private void backOff(TopicPartition partition, Duration delay) {
		this.consumer.pause(List.of(partition));
		this.backOffUntil.put(partition, System.nanoTime() + delay.toNanos());
	}

	private void resumeDue() {
		InFlight flight = this.inFlight;
		if (this.backOffUntil.isEmpty() || (flight != null && flight.prefetched)) {
			// once the next batch is held every partition stays paused until it starts
			return;
		}
		long now = System.nanoTime();
		List<TopicPartition> due = new ArrayList<>();
		this.backOffUntil.entrySet().removeIf(entry -> {
			if (entry.getValue() - now <= 0) {
				due.add(entry.getKey());
				return true;
			}
			return false;
		});
		due.retainAll(this.consumer.assignment());
		if (!due.isEmpty()) {
			this.consumer.resume(due);
		}
	}

	private InboundMessage toMessage(ConsumerRecord<String, byte[]> record, PartitionNames names) {
		String offset = Long.toString(record.offset());
		String transportId = names.transportId(offset);
		Headers headers = KafkaHeaders.fromRecord(record);
		int attempt = this.attempts.next(names.partition, record.offset());
		Map<String, String> attributes = Map.of("topic", record.topic(), "partition", names.number, "offset", offset,
				"timestamp", Long.toString(record.timestamp()));
		String id = headers.getOrNull(FerryHeaders.MESSAGE_ID);
		return new InboundMessage(id != null ? id : transportId, transportId, this.destination.name(),
				record.value() != null ? record.value() : new byte[0], headers, record.key(),
				headers.getOrNull(FerryHeaders.DEDUPLICATION_ID), names.group, attempt,
				record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null, attributes,
				DeliveryControl.NONE, KafkaHeaders.deadLetterOf(record, headers));
	}

	private static void awaitQuietly(@Nullable CompletableFuture<?> future, Duration timeout) {
		if (future == null) {
			return;
		}
		try {
			future.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// finishIfDone reports a failed batch; a running one is looked at again.
		}
	}

	/** Rebalance callbacks; Kafka runs them on the poll thread, inside {@code poll}. */
	private final class Rebalance implements ConsumerRebalanceListener {

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			if (partitions.isEmpty()) {
				return;
			}
			KafkaConsumerLoop.this.revocations.incrementAndGet();
			InFlight flight = KafkaConsumerLoop.this.inFlight;
			if (flight != null && flight.partitions().stream().anyMatch(partitions::contains)) {
				if (KafkaConsumerLoop.this.running) {
					// Still the owner: let the batch finish and commit it, for as long as the group can wait.
					awaitQuietly(flight.result, KafkaConsumerLoop.this.revokeWait);
				}
				if (!finishIfDone(false)) {
					flight.abandoned.addAll(partitions);
					logger.warn("kafka/{} lost partitions {} while their batch was running; the next owner delivers "
							+ "them again (counted as another attempt)", KafkaConsumerLoop.this.destination.name(),
							partitions);
				}
			}
			forget(partitions);
		}

		@Override
		public void onPartitionsLost(Collection<TopicPartition> partitions) {
			InFlight flight = KafkaConsumerLoop.this.inFlight;
			if (flight != null) {
				flight.abandoned.addAll(partitions);
			}
			forget(partitions);
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			if (partitions.isEmpty()) {
				return;
			}
			Map<TopicPartition, OffsetAndMetadata> committed = KafkaConsumerLoop.this.consumer
				.committed(new HashSet<>(partitions), KafkaConsumerLoop.this.commitTimeout);
			for (TopicPartition partition : partitions) {
				KafkaConsumerLoop.this.attempts.seed(partition, committed.get(partition));
			}
			if (KafkaConsumerLoop.this.inFlight != null) {
				KafkaConsumerLoop.this.consumer.pause(partitions);
			}
		}

		private void forget(Collection<TopicPartition> partitions) {
			KafkaConsumerLoop.this.attempts.forget(partitions);
			partitions.forEach(KafkaConsumerLoop.this.backOffUntil::remove);
			partitions.forEach(KafkaConsumerLoop.this.held::remove);
		}

	}

	/** A batch handed to the worker. */
	private static final class InFlight {

		final List<ConsumerRecord<String, byte[]>> records;

		final List<InboundMessage> messages;

		final Map<TopicPartition, Long> polledUntil;

		/** Partitions whose outcomes are no longer ours to apply. */
		final Set<TopicPartition> abandoned = java.util.concurrent.ConcurrentHashMap.newKeySet();

		volatile CompletableFuture<List<@Nullable Duration>> result = new CompletableFuture<>();

		/** Whether the next batch is held (poll thread only). */
		boolean prefetched;

		private Duration prefetchWait = PREFETCH_WAIT;

		InFlight(List<ConsumerRecord<String, byte[]>> records, List<InboundMessage> messages,
				Map<TopicPartition, Long> polledUntil) {
			this.records = records;
			this.messages = messages;
			this.polledUntil = polledUntil;
		}

		Set<TopicPartition> partitions() {
			return this.polledUntil.keySet();
		}

		void abandonAll() {
			this.abandoned.addAll(partitions());
		}

		/** How long to wait for the worker before polling again. */
		Duration nextWait() {
			if (this.prefetched) {
				return IN_FLIGHT_WAIT;
			}
			Duration wait = this.prefetchWait;
			if (wait.compareTo(IN_FLIGHT_WAIT) < 0) {
				this.prefetchWait = wait.multipliedBy(2);
			}
			return wait;
		}

	}

	/** A polled record not yet handed over, with its message when already built. */
	private record Held(ConsumerRecord<String, byte[]> record, @Nullable InboundMessage message) {
	}

	/** A batch ready to start: the markers to commit for it, and whether a record of it came before. */
	private record Batch(List<ConsumerRecord<String, byte[]>> records, List<InboundMessage> messages,
			Map<TopicPartition, Long> polledUntil, Map<TopicPartition, OffsetAndMetadata> markers,
			boolean redelivered) {
	}

}
