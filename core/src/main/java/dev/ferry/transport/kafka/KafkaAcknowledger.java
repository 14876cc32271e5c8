package dev.ferry.transport.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.InboundMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the pipeline's outcomes into Kafka's native actions, in two steps:
 * <ol>
 * <li>{@link #settle} (on the worker thread, where blocking is fine): a {@code Reject} is published
 * to the dead-letter topic with Ferry's {@code ferry-dead-letter} header and the origin headers; it
 * then counts as done. A record that cannot be dead-lettered, or whose dead-lettering is off, is
 * retried instead — never dropped.</li>
 * <li>{@link #plan} (on the poll thread, which alone may touch the consumer): per partition, in
 * order, every record before the first one to retry is committed; the first one to retry and
 * everything after it in its partition is sought back and the partition backs off in place for the
 * retry delay (the other partitions keep flowing).</li>
 * </ol>
 */
final class KafkaAcknowledger {

	private static final Logger logger = LoggerFactory.getLogger(KafkaAcknowledger.class);

	private static final Duration DEAD_LETTER_FAILED_DELAY = Duration.ofSeconds(1);

	private final Destination destination;

	private final KafkaPublisher publisher;

	private final @Nullable String deadLetterTopic;

	private final String groupId;

	KafkaAcknowledger(Destination destination, KafkaPublisher publisher, @Nullable String deadLetterTopic,
			String groupId) {
		this.destination = destination;
		this.publisher = publisher;
		this.deadLetterTopic = deadLetterTopic;
		this.groupId = groupId;
	}

	/**
	 * Applies the final outcomes that need the broker (dead-lettering) and returns, per record, null
	 * when the record is done or the delay after which it is to be delivered again.
	 */
	List<@Nullable Duration> settle(List<ConsumerRecord<String, byte[]>> records, List<InboundMessage> messages,
			List<Outcome> outcomes) {
		List<@Nullable Duration> settled = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			Outcome outcome = outcomes.get(i);
			if (outcome instanceof Outcome.Retry retry) {
				settled.add(retry.delay());
			}
			else if (outcome instanceof Outcome.Reject reject) {
				settled.add(deadLetter(records.get(i), messages.get(i), reject));
			}
			else {
				settled.add(null);
			}
		}
		return settled;
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
			return DEAD_LETTER_FAILED_DELAY;
		}
	}

	/**
	 * What the consumer does with one partition after a batch: the offset to commit (with the
	 * attempts marker of a record coming back, if any), where to seek, how long to back off.
	 * @param commit null when nothing new is done and nothing comes back
	 * @param seekTo null when the consumer's position is already right
	 * @param backOff null when the partition resumes at once
	 * @param retried attempts so far of the records coming back, by offset
	 */
	record PartitionPlan(@Nullable OffsetAndMetadata commit, @Nullable Long seekTo, @Nullable Duration backOff,
			Map<Long, Integer> retried, long next) {
	}

	/**
	 * Plans the consumer actions for every partition of a settled batch.
	 * @param polledUntil per partition, the offset after the last record the consumer polled (its
	 * position); when only part of the polled records was processed the plan seeks back to the first
	 * unprocessed one
	 */
	static Map<TopicPartition, PartitionPlan> plan(List<ConsumerRecord<String, byte[]>> records,
			List<InboundMessage> messages, List<@Nullable Duration> settled, Map<TopicPartition, Long> polledUntil) {
		Map<TopicPartition, List<Integer>> byPartition = new LinkedHashMap<>();
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<String, byte[]> record = records.get(i);
			byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new ArrayList<>())
				.add(i);
		}
		Map<TopicPartition, PartitionPlan> plans = new LinkedHashMap<>();
		byPartition.forEach((partition, indexes) -> {
			long first = records.get(indexes.get(0)).offset();
			long next = first;
			PartitionPlan plan = null;
			for (int position = 0; position < indexes.size(); position++) {
				int index = indexes.get(position);
				Duration retryAfter = settled.get(index);
				if (retryAfter != null) {
					long offset = records.get(index).offset();
					Map<Long, Integer> retried = new LinkedHashMap<>();
					for (int later : indexes.subList(position, indexes.size())) {
						retried.put(records.get(later).offset(), messages.get(later).attempt());
					}
					long last = records.get(indexes.get(indexes.size() - 1)).offset();
					int rest = retried.values().stream().skip(1).mapToInt(Integer::intValue).max().orElse(0);
					// The marker survives a crash before the next delivery starts.
					OffsetAndMetadata commit = KafkaAttempts.inFlight(offset, last, messages.get(index).attempt(), rest);
					plan = new PartitionPlan(commit, offset, retryAfter.isNegative() ? Duration.ZERO : retryAfter, retried,
							offset);
					break;
				}
				next = records.get(index).offset() + 1;
			}
			if (plan == null) {
				Long position = polledUntil.get(partition);
				plan = new PartitionPlan(new OffsetAndMetadata(next), position != null && position != next ? next : null,
						null, Map.of(), next);
			}
			plans.put(partition, plan);
		});
		return plans;
	}

}
