package dev.ferry.transport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ferry.core.transport.Backlog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag and topic depth from the Admin API: what the backlog gauges and the operations
 * endpoint show for Kafka destinations. Every call is bounded by the transport's operation timeout.
 */
final class KafkaBacklog {

	private final Admin admin;

	private final Duration timeout;

	KafkaBacklog(Admin admin, Duration timeout) {
		this.admin = admin;
		this.timeout = timeout;
	}

	/** Lag of every group on every partition of the topic; {@code visible} is the sum. */
	Backlog lag(String topic, Collection<String> groups) {
		List<TopicPartition> partitions = partitions(topic);
		Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
		List<Backlog.PartitionLag> lags = new ArrayList<>();
		long total = 0;
		for (String group : groups) {
			Map<TopicPartition, OffsetAndMetadata> committed = get(
					this.admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
			for (TopicPartition partition : partitions) {
				OffsetAndMetadata offset = committed.get(partition);
				long end = ends.getOrDefault(partition, 0L);
				long lag = Math.max(end - (offset != null ? offset.offset() : 0L), 0L);
				lags.add(new Backlog.PartitionLag(group, partition.partition(), lag));
				total += lag;
			}
		}
		return new Backlog(total, -1, -1, lags);
	}

	/** Records kept in the topic (latest minus earliest offset, summed over partitions). */
	Backlog depth(String topic) {
		List<TopicPartition> partitions = partitions(topic);
		Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
		Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
		long total = 0;
		for (TopicPartition partition : partitions) {
			total += Math.max(ends.getOrDefault(partition, 0L) - starts.getOrDefault(partition, 0L), 0L);
		}
		return Backlog.of(total, -1, -1);
	}

	private List<TopicPartition> partitions(String topic) {
		TopicDescription description = get(this.admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
		return description.partitions().stream().map(info -> new TopicPartition(topic, info.partition())).toList();
	}

	private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.forEach(partition -> request.put(partition, spec));
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = get(this.admin.listOffsets(request).all());
		Map<TopicPartition, Long> offsets = new HashMap<>();
		result.forEach((partition, info) -> offsets.put(partition, info.offset()));
		return offsets;
	}

	private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading Kafka offsets", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not read Kafka offsets: " + ex.getClass().getSimpleName(), ex);
		}
	}

}
