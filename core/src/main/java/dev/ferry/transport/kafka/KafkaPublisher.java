package dev.ferry.transport.kafka;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ferry.core.TransportException;
import dev.ferry.core.message.Utf8;
import dev.ferry.core.publish.PayloadTooLargeException;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends Ferry messages as Kafka records through a {@link KafkaTemplate}: Ferry key → record key,
 * headers → record headers, and one {@link SendResult} per message. Batching on the wire is the
 * producer's own ({@code linger.ms}, {@code batch.size}). A record larger than the producer's
 * {@code max.request.size} is rejected before it is handed to the producer.
 */
public final class KafkaPublisher {

	/** {@code DefaultRecordBatch.RECORD_BATCH_OVERHEAD} of Kafka's record format v2. */
	private static final int RECORD_BATCH_OVERHEAD = 61;

	/** {@code DefaultRecord.MAX_RECORD_OVERHEAD} of Kafka's record format v2. */
	private static final int MAX_RECORD_OVERHEAD = 21;

	/** Longest varint length prefix of a 32-bit length. */
	private static final int MAX_VARINT = 5;

	private final KafkaTemplate<String, byte[]> template;

	private final KafkaOptions options;

	public KafkaPublisher(KafkaTemplate<String, byte[]> template, KafkaOptions options) {
		this.template = template;
		this.options = options;
	}

	KafkaTemplate<String, byte[]> template() {
		return this.template;
	}

	KafkaOptions options() {
		return this.options;
	}

	/**
	 * Upper bound of the serialized record size, computed as the producer does before it accepts a
	 * record (key, value, headers and the record batch overhead).
	 */
	public static long recordSize(@Nullable String key, byte[] body, Header[] headers) {
		byte[] keyBytes = key != null ? key.getBytes(StandardCharsets.UTF_8) : null;
		return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
				keyBytes, body, headers);
	}

	/**
	 * The same upper bound for a message not yet turned into a record: body, key and UTF-8 header
	 * names and values, plus the largest varint length prefixes and the record and batch overhead
	 * Kafka's record format v2 adds. Arithmetic only, since it runs for every published message.
	 */
	static long recordSize(EncodedMessage message) {
		return framing(message) + message.sizeInBytes();
	}

	/** What {@link #recordSize(EncodedMessage)} adds to the body and the headers' UTF-8 bytes. */
	private static long framing(EncodedMessage message) {
		long size = RECORD_BATCH_OVERHEAD + MAX_RECORD_OVERHEAD;
		size += message.key() != null ? Utf8.length(message.key()) + MAX_VARINT : MAX_VARINT;
		size += MAX_VARINT + (long) message.headers().size() * 2 * MAX_VARINT;
		return size;
	}

	/**
	 * Sends every message to {@code topic}; completes with one result per message, in order. The
	 * results are built once every record is answered, not in a callback per record: those callbacks
	 * run on the producer's single network thread, which should be sending.
	 */
	public CompletableFuture<List<SendResult>> send(String topic, long limit, List<EncodedMessage> messages) {
		Object[] outcomes = new Object[messages.size()];
		List<CompletableFuture<?>> pending = new ArrayList<>(messages.size());
		for (int i = 0; i < messages.size(); i++) {
			EncodedMessage message = messages.get(i);
			// the size as recordSize(message) counts it, in the same pass that encodes the headers
			RecordHeaders headers = new RecordHeaders();
			long size = framing(message) + message.body().length + KafkaHeaders.addTo(headers, message.headers());
			if (size > limit) {
				outcomes[i] = new SendResult.Rejected(message.id(), PayloadTooLargeException.CODE,
						"record for topic '" + topic + "' is " + size + " bytes, over the limit of " + limit
								+ " bytes (producer max.request.size " + this.options.maxRequestSize()
								+ ", ferry.kafka.max-request-size)",
						false, null);
				continue;
			}
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, message.key(), message.body(),
					headers);
			try {
				CompletableFuture<?> sent = this.template.send(record);
				outcomes[i] = sent;
				pending.add(sent);
			}
			catch (RuntimeException ex) {
				outcomes[i] = rejected(message, topic, unwrap(ex));
			}
		}
		return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
			.handle((done, error) -> new Results(outcomes, messages, topic));
	}

	/**
	 * One result per message, each built when first read. The future that carries them completes on
	 * the producer's network thread, which should go on sending; the publisher reads them on its
	 * own thread.
	 */
	private final class Results extends AbstractList<SendResult> {

		/** Per message: its SendResult once built, else the producer's future for it. */
		private final Object[] outcomes;

		private final List<EncodedMessage> messages;

		private final String topic;

		Results(Object[] outcomes, List<EncodedMessage> messages, String topic) {
			this.outcomes = outcomes;
			this.messages = messages;
			this.topic = topic;
		}

		@Override
		public SendResult get(int index) {
			Object outcome = this.outcomes[index];
			if (outcome instanceof SendResult built) {
				return built;
			}
			SendResult built = result(this.messages.get(index), (CompletableFuture<?>) outcome);
			this.outcomes[index] = built;
			return built;
		}

		@Override
		public int size() {
			return this.outcomes.length;
		}

		/**
		 * Names of the last result's partition: results come per partition. Replaced whole, so a
		 * reader on another thread sees one partition's names or another's.
		 */
		private @Nullable PartitionNames names;

		private SendResult result(EncodedMessage message, CompletableFuture<?> sent) {
			RecordMetadata metadata;
			try {
				metadata = ((org.springframework.kafka.support.SendResult<?, ?>) sent.join()).getRecordMetadata();
			}
			catch (CompletionException | java.util.concurrent.CancellationException ex) {
				return rejected(message, this.topic, unwrap(ex));
			}
			PartitionNames current = this.names;
			if (current == null || !current.is(metadata.topic(), metadata.partition())) {
				current = new PartitionNames(metadata.topic(), metadata.partition());
				this.names = current;
			}
			String offset = Long.toString(metadata.offset());
			return new SendResult.Accepted(message.id(), current.transportId(offset),
					Map.of("topic", metadata.topic(), "partition", current.number, "offset", offset));
		}

	}

	/**
	 * Sends one record and waits for the broker's acknowledgement (used for dead letters, which must
	 * be durable before the source offset is committed).
	 * @throws TransportException when the broker did not acknowledge in time
	 */
	public RecordMetadata sendAndWait(ProducerRecord<String, byte[]> record) {
		try {
			return this.template.send(record)
				.get(this.options.operationTimeout().toMillis(), TimeUnit.MILLISECONDS)
				.getRecordMetadata();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransportException("Interrupted while publishing to " + record.topic(), ex, true);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			Throwable cause = unwrap(ex);
			throw new TransportException("Publishing to Kafka topic '" + record.topic() + "' failed: " + cause.getMessage(),
					cause, isRetryable(cause));
		}
	}


	private SendResult rejected(EncodedMessage message, String topic, Throwable error) {
		String code = error instanceof RecordTooLargeException ? PayloadTooLargeException.CODE
				: error.getClass().getSimpleName();
		return new SendResult.Rejected(message.id(), code,
				"Kafka did not accept the record for topic '" + topic + "': " + error.getMessage(), isRetryable(error),
				error);
	}

	static boolean isRetryable(Throwable error) {
		if (error instanceof RecordTooLargeException || error instanceof SerializationException) {
			return false;
		}
		return error instanceof RetriableException || error instanceof TimeoutException
				|| error instanceof org.apache.kafka.common.errors.TimeoutException;
	}

	private static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while ((current instanceof CompletionException || current instanceof ExecutionException
				|| current instanceof org.springframework.kafka.KafkaException) && current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
