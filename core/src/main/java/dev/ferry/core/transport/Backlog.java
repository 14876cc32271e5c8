package dev.ferry.core.transport;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How many messages wait in a destination, as the transport reports it (SQS's approximate counts,
 * Kafka's consumer lag). Counts a transport cannot tell are {@code -1}.
 *
 * @param visible messages ready to be received (SQS ApproximateNumberOfMessages; Kafka: total lag)
 * @param inFlight messages received and not yet acknowledged (SQS ApproximateNumberOfMessagesNotVisible)
 * @param delayed messages not yet visible because of a delay (SQS ApproximateNumberOfMessagesDelayed)
 * @param partitions per-partition consumer lag, for partitioned transports; empty otherwise
 * @param millisBehindLatest how far each consumer is behind the tip of its shard, in milliseconds,
 * keyed {@code <listener>/<shard>} (Kinesis's MillisBehindLatest); empty for other transports
 */
public record Backlog(long visible, long inFlight, long delayed, List<PartitionLag> partitions,
		Map<String, Long> millisBehindLatest) {

	public Backlog {
		partitions = List.copyOf(partitions);
		millisBehindLatest = Map.copyOf(millisBehindLatest);
	}

	public Backlog(long visible, long inFlight, long delayed, List<PartitionLag> partitions) {
		this(visible, inFlight, delayed, partitions, Map.of());
	}

	public static Backlog of(long visible, long inFlight, long delayed) {
		return new Backlog(visible, inFlight, delayed, List.of());
	}

	/**
	 * Lag of one consumer group on one partition.
	 * @param group consumer group (one per listener)
	 * @param partition partition number
	 * @param lag end offset minus committed offset (the end offset when nothing was committed)
	 */
	public record PartitionLag(String group, int partition, long lag) {

		public PartitionLag {
			Objects.requireNonNull(group, "group");
		}

	}

}
