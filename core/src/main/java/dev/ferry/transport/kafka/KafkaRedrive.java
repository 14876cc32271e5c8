package dev.ferry.transport.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.ferry.core.message.FerryHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Moves the records of a dead-letter topic back to their source topic: Kafka's counterpart of
 * SQS's StartMessageMoveTask, which Kafka does not have. Reads the dead-letter topic with its own
 * consumer group ({@code ferry-redrive.<destination>}) from that group's committed position (the
 * beginning the first time) up to the end offsets seen when the move starts, re-publishes each
 * record with its key, value and headers except the dead-letter ones, waits for the broker's
 * acknowledgement, then commits — so a crash in between re-publishes rather than loses, and a
 * second redrive moves only what arrived since.
 */
final class KafkaRedrive {

	private static final Duration POLL = Duration.ofMillis(500);

	private final KafkaClientConfig config;

	private final Duration timeout;

	KafkaRedrive(KafkaClientConfig config, Duration timeout) {
		this.config = config;
		this.timeout = timeout;
	}

	/**
	 * @return how many records were moved
	 */
	long move(String deadLetterTopic, String sourceTopic, String group, int maxPerSecond) {
		long moved = 0;
		long pace = maxPerSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / maxPerSecond : 0;
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(this.config.consumer(group, 500));
				KafkaProducer<String, byte[]> producer = new KafkaProducer<>(this.config.producer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, this.timeout)
				.stream()
				.map(info -> new TopicPartition(deadLetterTopic, info.partition()))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions),
					this.timeout);
			for (TopicPartition partition : partitions) {
				OffsetAndMetadata offset = committed.get(partition);
				if (offset != null) {
					consumer.seek(partition, offset.offset());
				}
				else {
					consumer.seekToBeginning(List.of(partition));
				}
			}
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, this.timeout);
			while (!done(consumer, ends)) {
				ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
				Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
				for (ConsumerRecord<String, byte[]> record : records) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (record.offset() >= ends.get(partition)) {
						continue;
					}
					long started = System.nanoTime();
					producer.send(new ProducerRecord<>(sourceTopic, null, record.key(), record.value(), stripped(record)))
						.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
					next.put(partition, new OffsetAndMetadata(record.offset() + 1));
					moved++;
					if (pace > 0) {
						LockSupport.parkNanos(Math.max(pace - (System.nanoTime() - started), 0));
					}
				}
				if (!next.isEmpty()) {
					consumer.commitSync(next, this.timeout);
				}
			}
			return moved;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted after moving " + moved + " records from " + deadLetterTopic, ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Redrive from " + deadLetterTopic + " to " + sourceTopic + " stopped after "
					+ moved + " records: " + ex.getClass().getSimpleName(), ex);
		}
	}

	private static boolean done(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
		for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
			if (consumer.position(end.getKey()) < end.getValue()) {
				return false;
			}
		}
		return true;
	}

	/** The record's headers without the dead-letter ones: a redriven record is a fresh delivery. */
	private static RecordHeaders stripped(ConsumerRecord<String, byte[]> record) {
		RecordHeaders headers = new RecordHeaders();
		for (Header header : record.headers()) {
			if (!header.key().equals(FerryHeaders.DEAD_LETTER) && !header.key().startsWith("kafka_dlt-")) {
				headers.add(header);
			}
		}
		return headers;
	}

}
