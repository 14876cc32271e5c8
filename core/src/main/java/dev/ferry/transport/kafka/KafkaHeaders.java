package dev.ferry.transport.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.Utf8;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Maps Ferry headers to Kafka record headers (UTF-8 values) and back, and writes/reads the
 * dead-letter headers. The dead-letter header names and their binary encodings are spring-kafka's
 * ({@link org.springframework.kafka.support.KafkaHeaders#DLT_ORIGINAL_TOPIC} ...), so records
 * Ferry dead-letters look like those of spring-kafka's {@code DeadLetterPublishingRecoverer} and
 * the other way round.
 */
public final class KafkaHeaders {

	public static final String DLT_ORIGINAL_TOPIC = org.springframework.kafka.support.KafkaHeaders.DLT_ORIGINAL_TOPIC;

	public static final String DLT_ORIGINAL_PARTITION = org.springframework.kafka.support.KafkaHeaders.DLT_ORIGINAL_PARTITION;

	public static final String DLT_ORIGINAL_OFFSET = org.springframework.kafka.support.KafkaHeaders.DLT_ORIGINAL_OFFSET;

	public static final String DLT_ORIGINAL_TIMESTAMP = org.springframework.kafka.support.KafkaHeaders.DLT_ORIGINAL_TIMESTAMP;

	public static final String DLT_ORIGINAL_CONSUMER_GROUP = org.springframework.kafka.support.KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP;

	public static final String DLT_EXCEPTION_FQCN = org.springframework.kafka.support.KafkaHeaders.DLT_EXCEPTION_FQCN;

	public static final String DLT_EXCEPTION_MESSAGE = org.springframework.kafka.support.KafkaHeaders.DLT_EXCEPTION_MESSAGE;

	private KafkaHeaders() {
	}

	/**
	 * Adds Ferry headers to a record's headers and returns the UTF-8 bytes of their names and values
	 * (what {@link Headers#utf8Length()} counts), so a publisher sizes a record in the same pass.
	 */
	static long addTo(RecordHeaders record, Headers headers) {
		long length = 0;
		for (Map.Entry<String, String> header : headers.asMap().entrySet()) {
			byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
			record.add(header.getKey(), value);
			length += Utf8.length(header.getKey()) + value.length;
		}
		return length;
	}

	/**
	 * Ferry headers of a received record: every header decoded as UTF-8 except spring-kafka's
	 * binary dead-letter ones, which {@link #deadLetterOf} reads.
	 */
	public static Headers fromRecord(ConsumerRecord<?, ?> record) {
		Headers.Builder values = Headers.builder();
		for (Header header : record.headers()) {
			if (header.key().startsWith("kafka_dlt-") || header.value() == null) {
				continue;
			}
			values.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
		}
		return values.build();
	}

	/**
	 * What is known about a received record as a dead letter: Ferry's own header when Ferry
	 * dead-lettered it, else spring-kafka's dead-letter headers, else null.
	 */
	public static @Nullable DeadLetterInfo deadLetterOf(ConsumerRecord<?, ?> record, Headers headers) {
		DeadLetterInfo ferry = DeadLetterCodec.decode(headers.getOrNull(FerryHeaders.DEAD_LETTER));
		return ferry != null ? ferry : nativeDeadLetterInfo(record);
	}

	/** The headers of a dead-lettered copy: Ferry's reason plus the origin in spring-kafka's form. */
	public static RecordHeaders deadLetterHeaders(ConsumerRecord<String, byte[]> original, DeadLetterInfo info,
			String groupId) {
		RecordHeaders headers = new RecordHeaders();
		for (Header header : original.headers()) {
			if (!header.key().equals(FerryHeaders.DEAD_LETTER) && !header.key().startsWith("kafka_dlt-")) {
				headers.add(header);
			}
		}
		headers.add(FerryHeaders.DEAD_LETTER, DeadLetterCodec.encode(info).getBytes(StandardCharsets.UTF_8));
		headers.add(new RecordHeader(DLT_ORIGINAL_TOPIC, original.topic().getBytes(StandardCharsets.UTF_8)));
		headers.add(new RecordHeader(DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(original.partition()).array()));
		headers.add(new RecordHeader(DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(original.offset()).array()));
		headers.add(new RecordHeader(DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(Long.BYTES).putLong(original.timestamp()).array()));
		headers.add(new RecordHeader(DLT_ORIGINAL_CONSUMER_GROUP, groupId.getBytes(StandardCharsets.UTF_8)));
		if (info.exceptionType() != null) {
			headers.add(new RecordHeader(DLT_EXCEPTION_FQCN, info.exceptionType().getBytes(StandardCharsets.UTF_8)));
		}
		String message = info.exceptionMessage() != null ? info.exceptionMessage() : info.reason();
		headers.add(new RecordHeader(DLT_EXCEPTION_MESSAGE, message.getBytes(StandardCharsets.UTF_8)));
		return headers;
	}

	/** What spring-kafka style DLT headers say, or null when the record carries none. */
	static @Nullable DeadLetterInfo nativeDeadLetterInfo(ConsumerRecord<?, ?> record) {
		String topic = text(record, DLT_ORIGINAL_TOPIC);
		if (topic == null) {
			return null;
		}
		Map<String, String> details = new LinkedHashMap<>();
		Integer partition = intValue(record, DLT_ORIGINAL_PARTITION);
		Long offset = longValue(record, DLT_ORIGINAL_OFFSET);
		Long timestamp = longValue(record, DLT_ORIGINAL_TIMESTAMP);
		if (partition != null) {
			details.put("partition", partition.toString());
		}
		if (offset != null) {
			details.put("offset", offset.toString());
		}
		if (timestamp != null) {
			details.put("timestamp", Instant.ofEpochMilli(timestamp).toString());
		}
		String group = text(record, DLT_ORIGINAL_CONSUMER_GROUP);
		if (group != null) {
			details.put("consumerGroup", group);
		}
		String exception = text(record, DLT_EXCEPTION_FQCN);
		String message = text(record, DLT_EXCEPTION_MESSAGE);
		return new DeadLetterInfo(message != null ? message : "dead-lettered by a Kafka error handler", null, exception,
				message, topic,
				partition != null && offset != null ? PartitionNames.transportId(topic, partition, offset) : null, 0,
				null, details);
	}

	/** Readable origin details of a dead-lettered copy, for {@link DeadLetterInfo#details()}. */
	static Map<String, String> originDetails(ConsumerRecord<?, ?> record) {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("topic", record.topic());
		details.put("partition", Integer.toString(record.partition()));
		details.put("offset", Long.toString(record.offset()));
		details.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
		return details;
	}

	private static @Nullable String text(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}

	private static @Nullable Integer intValue(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return header == null || header.value() == null || header.value().length != Integer.BYTES ? null
				: ByteBuffer.wrap(header.value()).getInt();
	}

	private static @Nullable Long longValue(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return header == null || header.value() == null || header.value().length != Long.BYTES ? null
				: ByteBuffer.wrap(header.value()).getLong();
	}

}
