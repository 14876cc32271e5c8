package dev.ferry.transport.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.DeliveryControl;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.Subscription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchAcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Feeds one topic into Ferry's pipeline through a spring-kafka {@link ConcurrentMessageListenerContainer}
 * and applies the outcomes per partition, in order:
 * <ul>
 * <li>{@code Ack}: the offset advances.</li>
 * <li>{@code Reject}: the record is published to the dead-letter topic (and acknowledged by the
 * broker) with Ferry's {@code ferry-dead-letter} header and the original topic, partition, offset,
 * timestamp and exception headers; then the offset advances.</li>
 * <li>{@code Retry}: the partition is sought back to the record and paused for the retry delay
 * (back-off in place; the other partitions keep flowing); nothing after it in that partition is
 * committed.</li>
 * </ul>
 * Offsets are committed synchronously once the outcomes are applied: {@code AckMode.MANUAL} with no
 * acknowledgment call tells the container to commit nothing itself, because its
 * {@code Acknowledgment.acknowledge(index)} / {@code nack(index)} work on one position across the
 * whole batch, while Ferry commits each partition up to its own first unfinished record. The
 * listener always receives batches ({@code max.poll.records} = the listener's batch size); for
 * single-message handlers the pipeline processes them one by one.
 *
 * <p>Delivery attempts are counted in memory for the records sought back (the failed one and those
 * after it in its partition); after a restart or rebalance the count starts again at 1 (Kafka keeps
 * no delivery count).
 */
final class KafkaReceiver implements Subscription {

	private static final Logger logger = LoggerFactory.getLogger(KafkaReceiver.class);

	private static final Duration MAX_POLL_TIMEOUT = Duration.ofSeconds(1);

	private final Destination destination;

	private final InboundProcessor processor;

	private final KafkaPublisher publisher;

	private final @Nullable String deadLetterTopic;

	private final String groupId;

	private final ScheduledExecutorService scheduler;

	private final ConcurrentMessageListenerContainer<String, byte[]> container;

	/**
	 * Per partition: deliveries so far of the records sought back for a retry (the failed record and
	 * every later one of that poll), by offset.
	 */
	private final Map<TopicPartition, NavigableMap<Long, Integer>> deliveries = new ConcurrentHashMap<>();

	KafkaReceiver(Destination destination, ReceiveSettings settings, InboundProcessor processor,
			ConsumerFactory<String, byte[]> consumerFactory, KafkaPublisher publisher, @Nullable String deadLetterTopic,
			String groupId, ScheduledExecutorService scheduler) {
		this.destination = destination;
		this.processor = processor;
		this.publisher = publisher;
		this.deadLetterTopic = deadLetterTopic;
		this.groupId = groupId;
		this.scheduler = scheduler;
		ContainerProperties properties = new ContainerProperties(destination.resource());
		properties.setGroupId(groupId);
		properties.setAckMode(ContainerProperties.AckMode.MANUAL);
		properties.setClientId(settings.listenerId());
		Duration poll = settings.pollTimeout().compareTo(MAX_POLL_TIMEOUT) > 0 ? MAX_POLL_TIMEOUT
				: settings.pollTimeout();
		properties.setPollTimeout(Math.max(50, poll.toMillis()));
		properties.setMissingTopicsFatal(false);
		properties.setConsumerRebalanceListener(new ConsumerRebalanceListener() {

			@Override
			public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
				// Another consumer may handle them now: our delivery counts would be stale.
				partitions.forEach(KafkaReceiver.this.deliveries::remove);
			}

			@Override
			public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			}

		});
		properties.setMessageListener((BatchAcknowledgingConsumerAwareMessageListener<String, byte[]>) this::onBatch);
		this.container = new ConcurrentMessageListenerContainer<>(consumerFactory, properties);
		this.container.setConcurrency(settings.concurrency());
		this.container.setBeanName("ferry-kafka-" + settings.listenerId());
	}

	@Override
	public void start() {
		this.container.start();
	}

	@Override
	public void stop(Duration timeout) {
		if (!this.container.isRunning()) {
			return;
		}
		this.container.getContainerProperties().setShutdownTimeout(Math.max(1, timeout.toMillis()));
		CountDownLatch stopped = new CountDownLatch(1);
		this.container.stop(stopped::countDown);
		try {
			if (!stopped.await(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
				logger.warn("kafka/{} listener did not stop within {}; uncommitted records will be redelivered",
						this.destination.name(), timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.container.isRunning();
	}

	ConcurrentMessageListenerContainer<String, byte[]> container() {
		return this.container;
	}

	private void onBatch(List<ConsumerRecord<String, byte[]>> records, @Nullable Acknowledgment ack,
			@Nullable Consumer<?, ?> consumer) {
		if (records.isEmpty() || consumer == null) {
			return;
		}
		List<InboundMessage> messages = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			messages.add(toMessage(record));
		}
		List<Outcome> outcomes;
		try {
			outcomes = this.processor.process(messages);
		}
		catch (RuntimeException ex) {
			// The processor promises not to throw; if it does, nothing of the batch is committed.
			logger.error("kafka/{} pipeline failed on a batch of {}; retrying it", this.destination.name(),
					records.size(), ex);
			outcomes = records.stream().map(r -> (Outcome) Outcome.retry(Duration.ofSeconds(1), ex)).toList();
		}
		if (outcomes.size() != records.size()) {
			logger.error("kafka/{} pipeline returned {} outcomes for {} records; retrying the batch",
					this.destination.name(), outcomes.size(), records.size());
			outcomes = records.stream().map(r -> (Outcome) Outcome.retry(Duration.ofSeconds(1), null)).toList();
		}
		apply(records, messages, outcomes, consumer);
	}

	private void apply(List<ConsumerRecord<String, byte[]>> records, List<InboundMessage> messages,
			List<Outcome> outcomes, Consumer<?, ?> consumer) {
		Map<TopicPartition, List<Integer>> byPartition = new LinkedHashMap<>();
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<String, byte[]> record = records.get(i);
			byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new ArrayList<>())
				.add(i);
		}
		Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
		byPartition.forEach((partition, indexes) -> {
			Long next = null;
			for (int position = 0; position < indexes.size(); position++) {
				int index = indexes.get(position);
				ConsumerRecord<String, byte[]> record = records.get(index);
				InboundMessage message = messages.get(index);
				Duration retryAfter = settle(record, message, outcomes.get(index));
				if (retryAfter != null) {
					NavigableMap<Long, Integer> seen = this.deliveries.computeIfAbsent(partition,
							tp -> new ConcurrentSkipListMap<>());
					for (int later : indexes.subList(position, indexes.size())) {
						seen.put(records.get(later).offset(), messages.get(later).attempt());
					}
					retry(partition, record, message, retryAfter, consumer);
					break;
				}
				next = record.offset() + 1;
			}
			if (next != null) {
				commits.put(partition, new OffsetAndMetadata(next));
				NavigableMap<Long, Integer> seen = this.deliveries.get(partition);
				if (seen != null) {
					seen.headMap(next).clear();
				}
			}
		});
		if (!commits.isEmpty()) {
			consumer.commitSync(commits, this.publisher.options().operationTimeout());
		}
	}

	/** Applies a final outcome; returns the delay when the record must be retried instead. */
	private @Nullable Duration settle(ConsumerRecord<String, byte[]> record, InboundMessage message, Outcome outcome) {
		if (outcome instanceof Outcome.Retry retry) {
			return retry.delay();
		}
		if (outcome instanceof Outcome.Reject reject) {
			return deadLetter(record, message, reject);
		}
		return null;
	}

	private @Nullable Duration deadLetter(ConsumerRecord<String, byte[]> record, InboundMessage message,
			Outcome.Reject reject) {
		if (this.deadLetterTopic == null) {
			// Dead-lettering is off: never drop, keep retrying at the slowest pace of the retry policy.
			logger.warn("kafka/{}#{} rejected ({}) but dead-lettering is disabled; retrying it",
					this.destination.name(), message.id(), reject.errorCode());
			return this.destination.retry().maxDelay();
		}
		DeadLetterInfo info = reject.toDeadLetterInfo(record.topic(), message.id(), message.attempt(), Instant.now(),
				KafkaHeaders.originDetails(record));
		ProducerRecord<String, byte[]> copy = new ProducerRecord<>(this.deadLetterTopic, null, record.key(),
				record.value(), KafkaHeaders.deadLetterHeaders(record, info, this.groupId));
		try {
			this.publisher.sendAndWait(copy);
			logger.info("kafka/{}#{} dead-lettered to {} ({})", this.destination.name(), message.id(),
					this.deadLetterTopic, reject.errorCode());
			return null;
		}
		catch (RuntimeException ex) {
			logger.error("kafka/{}#{} could not be dead-lettered to {}; retrying it", this.destination.name(),
					message.id(), this.deadLetterTopic, ex);
			return Duration.ofSeconds(1);
		}
	}

	private void retry(TopicPartition partition, ConsumerRecord<String, byte[]> record, InboundMessage message,
			Duration delay, Consumer<?, ?> consumer) {
		consumer.seek(partition, record.offset());
		logger.debug("kafka/{}#{} retry in {} (attempt {})", this.destination.name(), message.id(), delay,
				message.attempt());
		if (delay.isZero() || delay.isNegative()) {
			return;
		}
		// Back off in place: pausing only this partition keeps its order and lets the others flow.
		this.container.pausePartition(partition);
		this.scheduler.schedule(() -> this.container.resumePartition(partition), delay.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private InboundMessage toMessage(ConsumerRecord<String, byte[]> record) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		String transportId = record.topic() + "-" + record.partition() + "@" + record.offset();
		Headers headers = KafkaHeaders.fromRecord(record);
		NavigableMap<Long, Integer> seen = this.deliveries.get(partition);
		Integer before = seen != null ? seen.get(record.offset()) : null;
		int attempt = before != null ? before + 1 : 1;
		Map<String, String> attributes = Map.of("topic", record.topic(), "partition",
				Integer.toString(record.partition()), "offset", Long.toString(record.offset()), "timestamp",
				Long.toString(record.timestamp()));
		String id = headers.get(FerryHeaders.MESSAGE_ID).orElse(transportId);
		return new InboundMessage(id, transportId, this.destination.name(),
				record.value() != null ? record.value() : new byte[0], headers, record.key(),
				headers.getOrNull(FerryHeaders.DEDUPLICATION_ID), record.topic() + "-" + record.partition(), attempt,
				record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null, attributes,
				DeliveryControl.NONE, KafkaHeaders.deadLetterOf(record, headers));
	}

}
