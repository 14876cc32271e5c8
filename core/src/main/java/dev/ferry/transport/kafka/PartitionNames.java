package dev.ferry.transport.kafka;

import org.apache.kafka.common.TopicPartition;

/**
 * Ferry's names for one Kafka partition: {@code topic-partition} is a delivered record's ordering
 * group and, with {@code @offset}, the transport message id of a record sent or received. Records
 * come in runs of one partition, so consumer and publisher build these once per run rather than
 * per record.
 */
final class PartitionNames {

	final TopicPartition partition;

	/** The partition number as text. */
	final String number;

	/** {@code topic-partition}. */
	final String group;

	PartitionNames(String topic, int partition) {
		this.partition = new TopicPartition(topic, partition);
		this.number = Integer.toString(partition);
		this.group = topic + "-" + this.number;
	}

	boolean is(String topic, int partition) {
		return this.partition.partition() == partition && this.partition.topic().equals(topic);
	}

	/** {@code topic-partition@offset}, the offset given as text. */
	String transportId(String offset) {
		return this.group + "@" + offset;
	}

	/** {@code topic-partition@offset} of one record. */
	static String transportId(String topic, int partition, long offset) {
		return topic + "-" + partition + "@" + offset;
	}

}
