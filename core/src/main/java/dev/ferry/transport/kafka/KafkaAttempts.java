package dev.ferry.transport.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Delivery attempts of the records of one consumer, kept so that they survive a crash, a restart
 * and a rebalance. Kafka keeps no delivery count, so Ferry records one where Kafka already keeps the
 * consumer's progress: in the <em>metadata of the committed offset</em> of the partition. Before a
 * batch is handed to the pipeline the consumer commits, for every partition of the batch, the offset
 * of its first record (the position it already had) with the marker
 * {@code ferry-attempts:<from>-<to>:<n>/<m>} meaning "record {@code from} is being delivered for the
 * {@code n}-th time, the records after it up to {@code to} for at most the {@code m}-th time" (the
 * first record of a partition's batch is the one a retry seeks back to, so it is the one counted
 * highest). A consumer that is assigned the partition later (the same one after a restart, or
 * another after a rebalance) reads the marker with the committed offset and counts those records'
 * next delivery one higher. A successful commit after the batch clears the marker.
 *
 * <p>Why there and not elsewhere: the committed offset is stored by the group coordinator under
 * exactly the key that identifies a delivery (group, topic, partition, offset), is written with the
 * same call that records progress, needs no other store (the idempotency store may be off or in
 * memory), no extra topic and no permission beyond what the consumer already has. A retry-topic or
 * header scheme would republish records and break the partition's order. The marker is far below
 * the broker's {@code offset.metadata.max.bytes} (4096 by default).
 *
 * <p>When a marker covers several records, the crash happened somewhere among them: the partition
 * is then delivered one record at a time until its position passes the marker's range, so the
 * record that crashes the process is the only one whose count keeps growing and the others are
 * not charged for it. Counts of records that come back in memory (retries sought back) stay exact.
 *
 * <p>When the marker is waited for: a batch with a record delivered before (a retry, or the range
 * of a crash) waits until the broker has its marker, so from the second delivery on every count is
 * exact. A batch of first deliveries starts at once: its marker rides with the synchronous commit of
 * the batch before it, which the consumer makes while it runs, or, when no batch came before, is sent
 * without waiting (the consumer writes the
 * request to the broker's connection in that call; the broker applies a consumer's commits in
 * order, so the commit after the batch still lands after it). Waiting cost a round trip to the
 * coordinator per poll — about 1.2 ms on a local broker, a third of the consumer's time per batch
 * of 500 in the {@code kafka-consume} benchmark. What it gives up: a process that dies before the
 * request leaves it, or a marker the broker refuses (logged), leaves that first delivery uncounted,
 * so a record may get one more attempt than {@code max-attempts} says.
 *
 * <p>Not thread-safe: used by one consumer's poll thread only.
 */
final class KafkaAttempts {

	static final String PREFIX = "ferry-attempts:";

	private static final Pattern MARKER = Pattern.compile("ferry-attempts:(\\d+)-(\\d+):(\\d+)/(\\d+)");

	/** Per partition: deliveries started so far, by offset, of records delivered before. */
	private final Map<TopicPartition, NavigableMap<Long, Integer>> deliveries = new HashMap<>();

	/** Per partition: last offset of a crashed range still to be delivered one record at a time. */
	private final Map<TopicPartition, Long> carefulUntil = new HashMap<>();

	/** Reads the marker of a newly assigned partition's committed offset, if any. */
	void seed(TopicPartition partition, @Nullable OffsetAndMetadata committed) {
		if (committed == null) {
			return;
		}
		Marker marker = Marker.parse(committed.metadata());
		if (marker == null || marker.to() < committed.offset()) {
			return;
		}
		NavigableMap<Long, Integer> seen = this.deliveries.computeIfAbsent(partition, tp -> new TreeMap<>());
		for (long offset = Math.max(marker.from(), committed.offset()); offset <= marker.to(); offset++) {
			seen.merge(offset, offset == marker.from() ? marker.first() : marker.rest(), Math::max);
		}
		if (marker.to() > committed.offset()) {
			this.carefulUntil.put(partition, marker.to());
		}
	}

	/** The attempt number of the next delivery of this record (1 for the first). */
	int next(TopicPartition partition, long offset) {
		NavigableMap<Long, Integer> seen = this.deliveries.get(partition);
		Integer before = seen != null ? seen.get(offset) : null;
		return before != null ? before + 1 : 1;
	}

	/** Whether this partition, at this offset, must be delivered one record at a time. */
	boolean careful(TopicPartition partition, long offset) {
		Long until = this.carefulUntil.get(partition);
		if (until == null) {
			return false;
		}
		if (offset > until) {
			this.carefulUntil.remove(partition);
			return false;
		}
		return true;
	}

	/** Notes that the records at these offsets were delivered with these attempt numbers and come back. */
	void retried(TopicPartition partition, Map<Long, Integer> attempts) {
		this.deliveries.computeIfAbsent(partition, tp -> new TreeMap<>()).putAll(attempts);
	}

	/** Forgets every record before {@code next}: they are done. */
	void advanced(TopicPartition partition, long next) {
		NavigableMap<Long, Integer> seen = this.deliveries.get(partition);
		if (seen != null) {
			seen.headMap(next).clear();
		}
	}

	/** Forgets partitions this consumer no longer owns: their new owner reads the committed marker. */
	void forget(Collection<TopicPartition> partitions) {
		partitions.forEach(this.deliveries::remove);
		partitions.forEach(this.carefulUntil::remove);
	}

	/**
	 * The commit that records "record {@code from} is being delivered for the {@code first}-th time,
	 * the later ones up to {@code to} for at most the {@code rest}-th time".
	 */
	static OffsetAndMetadata inFlight(long from, long to, int first, int rest) {
		return new OffsetAndMetadata(from, new Marker(from, to, first, rest).toString());
	}

	/** One marker: deliveries started of record {@code from} and, at most, of the later ones up to {@code to}. */
	record Marker(long from, long to, int first, int rest) {

		static @Nullable Marker parse(@Nullable String metadata) {
			if (metadata == null || !metadata.startsWith(PREFIX)) {
				return null;
			}
			Matcher matcher = MARKER.matcher(metadata);
			if (!matcher.matches()) {
				return null;
			}
			try {
				return new Marker(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
						Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4)));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

		@Override
		public String toString() {
			return PREFIX + this.from + "-" + this.to + ":" + this.first + "/" + this.rest;
		}

	}

}
