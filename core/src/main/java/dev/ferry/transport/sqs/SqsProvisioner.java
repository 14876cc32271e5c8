package dev.ferry.transport.sqs;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

import dev.ferry.core.destination.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates a missing queue and its dead-letter queue so that they pass every rule of
 * {@link SqsHardeningInspector}: redrive policy with a sane maxReceiveCount, dead-letter retention
 * longer than the source's, FIFO dead-letter queue for a FIFO source, long polling, a visibility
 * timeout above the processing timeout plus margin and, when {@code kms-key-id} is configured, SSE
 * with that customer-managed key. Used only when {@code ferry.provision=true}.
 */
final class SqsProvisioner {

	private static final Logger log = LoggerFactory.getLogger(SqsProvisioner.class);

	private final SqsAsyncClient client;

	private final SqsQueues queues;

	private final SqsOptions options;

	private final Function<Destination, Duration> processingTimeout;

	SqsProvisioner(SqsAsyncClient client, SqsQueues queues, SqsOptions options) {
		this(client, queues, options, destination -> {
			Duration configured = SqsDestinationProperties.of(destination).processingTimeout();
			return configured != null ? configured : options.defaultProcessingTimeout();
		});
	}

	/**
	 * @param processingTimeout the processing timeout of a destination, the same function
	 * {@link SqsHardeningInspector}'s visibility rule reads, so a created queue passes that rule
	 */
	SqsProvisioner(SqsAsyncClient client, SqsQueues queues, SqsOptions options,
			Function<Destination, Duration> processingTimeout) {
		this.client = client;
		this.queues = queues;
		this.options = options;
		this.processingTimeout = processingTimeout;
	}

	/** Name of the dead-letter queue Ferry creates for a queue: {@code <name>-dlq}, keeping {@code .fifo}. */
	static String deadLetterName(String queueName) {
		return queueName.endsWith(".fifo") ? queueName.substring(0, queueName.length() - 5) + "-dlq.fifo"
				: queueName + "-dlq";
	}

	/** Creates the dead-letter queue (if missing) and then the queue, and returns the queue. */
	SqsQueue create(Destination destination) {
		String name = SqsQueue.nameOf(destination.resource());
		String deadLetterResource = destination.deadLetter().resource() != null ? destination.deadLetter().resource()
				: deadLetterName(name);
		SqsQueue deadLetterQueue = createDeadLetterQueue(destination, deadLetterResource);
		Map<QueueAttributeName, String> attributes = queueAttributes(destination, deadLetterQueue.arn());
		String url = this.client.createQueue(CreateQueueRequest.builder().queueName(name).attributes(attributes).build())
			.join()
			.queueUrl();
		log.info("Created SQS queue {} for destination '{}' with dead-letter queue {} (ferry.provision=true)", name,
				destination.name(), deadLetterQueue.name());
		this.queues.refresh(url);
		return this.queues.refresh(destination.resource());
	}

	/** Attributes of a queue Ferry creates, dead-lettering to {@code deadLetterArn}. */
	Map<QueueAttributeName, String> queueAttributes(Destination destination, String deadLetterArn) {
		SqsDestinationProperties properties = SqsDestinationProperties.of(destination);
		Map<QueueAttributeName, String> attributes = common(properties, this.options.provisionRetention());
		if (properties.retention() != null) {
			attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(properties.retention()));
		}
		attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, seconds(visibility(destination, properties)));
		attributes.put(QueueAttributeName.REDRIVE_POLICY,
				new SqsQueue.RedrivePolicy(deadLetterArn, maxReceiveCount(destination, properties)).toJson());
		return attributes;
	}

	/** Attributes of a dead-letter queue Ferry creates. */
	Map<QueueAttributeName, String> deadLetterAttributes(Destination destination) {
		SqsDestinationProperties properties = SqsDestinationProperties.of(destination);
		Map<QueueAttributeName, String> attributes = common(properties, this.options.provisionDeadLetterRetention());
		// Dead letters are read by listeners too (and moved back by redrive): same visibility as the source.
		attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, seconds(visibility(destination, properties)));
		return attributes;
	}

	private Duration visibility(Destination destination, SqsDestinationProperties properties) {
		if (properties.visibilityTimeout() != null) {
			return properties.visibilityTimeout();
		}
		Duration needed = this.processingTimeout.apply(destination).plus(this.options.visibilityMargin());
		// round up: SQS counts visibility in whole seconds, and the rule compares against the exact need
		Duration whole = Duration.ofSeconds(needed.toSeconds());
		return whole.equals(needed) ? whole : whole.plusSeconds(1);
	}

	/** Creates the dead-letter queue unless it exists, and returns it. */
	SqsQueue createDeadLetterQueue(Destination destination, String resource) {
		SqsQueue existing = this.queues.findOrNull(resource);
		if (existing != null) {
			return existing;
		}
		Map<QueueAttributeName, String> attributes = deadLetterAttributes(destination);
		this.client.createQueue(CreateQueueRequest.builder().queueName(SqsQueue.nameOf(resource)).attributes(attributes).build())
			.join();
		log.info("Created SQS dead-letter queue {} for destination '{}' (ferry.provision=true)", SqsQueue.nameOf(resource),
				destination.name());
		return this.queues.refresh(resource);
	}

	private Map<QueueAttributeName, String> common(SqsDestinationProperties properties, Duration retention) {
		Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
		if (properties.fifo()) {
			attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
		}
		attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
				Long.toString(SqsLimits.MAX_WAIT_TIME.toSeconds()));
		attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(retention));
		if (properties.kmsKeyId() != null) {
			attributes.put(QueueAttributeName.KMS_MASTER_KEY_ID, properties.kmsKeyId());
		}
		return attributes;
	}

	/** One more receive than Ferry's own attempts, so Ferry dead-letters with a reason before SQS does. */
	private int maxReceiveCount(Destination destination, SqsDestinationProperties properties) {
		if (properties.maxReceiveCount() != null) {
			return properties.maxReceiveCount();
		}
		int wanted = destination.retry().maxAttempts() + 1;
		return Math.max(this.options.minSaneReceiveCount(), Math.min(wanted, this.options.maxSaneReceiveCount()));
	}

	private static String seconds(Duration duration) {
		return Long.toString(duration.toSeconds());
	}

}
