package dev.ferry.transport.sqs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.deadletter.RedriveService;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.transport.Backlog;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Subscription;
import dev.ferry.core.transport.Transport;
import dev.ferry.core.transport.TransportCapabilities;
import dev.ferry.core.transport.TransportHealth;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;

/**
 * Amazon SQS as a Ferry {@link Transport}: standard and FIFO queues, batched publishing, long-polling
 * consumers whose outcomes map to delete / change visibility / dead-letter, start-up checks and
 * opt-in provisioning, and redrive of dead letters with StartMessageMoveTask.
 *
 * <p>The {@link SqsAsyncClient} belongs to the caller (in Spring, Spring Cloud AWS's bean) and is not
 * closed here. Thread-safe.
 */
public final class SqsTransport implements Transport, RedriveService {

	/** Transport name used in {@code ferry.destinations.<name>.transport}. */
	public static final String NAME = "sqs";

	private final SqsAsyncClient client;

	private final SqsOptions options;

	private final SqsQueues queues;

	private final SqsPublisher publisher;

	private final SqsProvisioner provisioner;

	private final SqsDeadLetters deadLetters;

	private final @Nullable SqsKeyLookup keys;

	private final Map<String, Destination> prepared = new ConcurrentHashMap<>();

	private final Map<String, Duration> processingTimeouts = new ConcurrentHashMap<>();

	public SqsTransport(SqsAsyncClient client) {
		this(client, SqsOptions.defaults());
	}

	public SqsTransport(SqsAsyncClient client, SqsOptions options) {
		this(client, options, SqsXRay.fromEnvironment());
	}

	/**
	 * @param xrayTraceHeader the X-Ray trace header to send with messages that carry none
	 * ({@link SqsXRay#fromEnvironment()} by default, {@link SqsXRay#none()} to send only explicit ones)
	 */
	public SqsTransport(SqsAsyncClient client, SqsOptions options, Supplier<@Nullable String> xrayTraceHeader) {
		this(client, options, xrayTraceHeader, null);
	}

	/**
	 * @param keys looks up the KMS keys behind encrypted queues for hardening ({@link KmsKeyLookup});
	 * null judges {@code KmsMasterKeyId} by name only
	 */
	public SqsTransport(SqsAsyncClient client, SqsOptions options, Supplier<@Nullable String> xrayTraceHeader,
			@Nullable SqsKeyLookup keys) {
		this.keys = keys;
		this.client = Objects.requireNonNull(client, "client");
		this.options = Objects.requireNonNull(options, "options");
		this.queues = new SqsQueues(client);
		this.publisher = new SqsPublisher(client, this.queues, options, Objects.requireNonNull(xrayTraceHeader, "xrayTraceHeader"));
		this.provisioner = new SqsProvisioner(client, this.queues, options, this::processingTimeout);
		this.deadLetters = new SqsDeadLetters(client, Clock.systemUTC());
	}

	@Override
	public String name() {
		return NAME;
	}

	public SqsOptions options() {
		return this.options;
	}

	@Override
	public TransportCapabilities capabilities(Destination destination) {
		boolean fifo = SqsDestinationProperties.of(destination).fifo();
		SqsQueue queue = this.queues.findOrNull(destination.resource());
		boolean nativeDeadLetter = queue != null && queue.redrivePolicy() != null;
		return TransportCapabilities.builder()
			.orderedPerKey(fifo)
			.nativeDeadLetter(nativeDeadLetter)
			.redeliveryDelay(true)
			.publishDelay(!fifo)
			.deduplication(fifo)
			.maxBatchSize(SqsLimits.MAX_BATCH_ENTRIES)
			.build();
	}

	/**
	 * Resolves the queue and its dead-letter queue. A missing queue fails with a message naming the
	 * destination unless {@code provision} is true; then the queue (and dead-letter queue) are created
	 * with hardened defaults. Also fails when the {@code fifo} property contradicts the queue.
	 */
	@Override
	public void prepare(Destination destination, boolean provision) {
		SqsDestinationProperties properties = SqsDestinationProperties.of(destination);
		SqsQueue queue = this.queues.findOrNull(destination.resource());
		if (queue == null) {
			if (!provision) {
				throw SqsQueues.missing(destination);
			}
			queue = this.provisioner.create(destination);
		}
		if (properties.fifo() != queue.fifo()) {
			throw new FerryConfigurationException(destination.configPrefix() + ".properties.fifo is " + properties.fifo()
					+ " but queue " + queue.name() + " is " + (queue.fifo() ? "a FIFO" : "a standard") + " queue");
		}
		if (destination.deadLetter().enabled() && destination.deadLetter().resource() != null
				&& this.queues.findOrNull(destination.deadLetter().resource()) == null) {
			if (!provision) {
				throw new FerryConfigurationException("SQS dead-letter queue '" + destination.deadLetter().resource()
						+ "' of destination '" + destination.name() + "' does not exist. Create it, fix "
						+ destination.configPrefix() + ".dead-letter.resource, or set ferry.provision=true");
			}
			this.provisioner.createDeadLetterQueue(destination, destination.deadLetter().resource());
		}
		this.prepared.put(destination.name(), destination);
	}

	/** Always: consumers of one queue share its messages; fan-out takes an SNS or EventBridge destination. */
	@Override
	public boolean listenersShareMessages(Destination destination) {
		return true;
	}

	@Override
	public long maxMessageBytes(Destination destination) {
		if (destination.maxMessageBytes() != null) {
			return destination.maxMessageBytes();
		}
		SqsQueue queue = this.queues.resolve(destination.resource()).getNow(null);
		long queueLimit = queue != null ? queue.longAttribute(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Long.MAX_VALUE)
				: Long.MAX_VALUE;
		return Math.min(this.options.maxMessageBytes(), queueLimit);
	}

	@Override
	public long sizeOf(EncodedMessage message) {
		return SqsHeaders.sizeOf(message);
	}

	@Override
	public CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages) {
		return this.publisher.send(destination, messages, maxMessageBytes(destination));
	}

	/**
	 * Creates the subscription; the queue is looked up when it first starts (after {@link #prepare},
	 * which may have created it), and a missing queue fails that start with a message naming it.
	 */
	@Override
	public Subscription subscribe(Destination destination, ReceiveSettings settings, InboundProcessor processor) {
		this.processingTimeouts.merge(destination.name(), settings.processingTimeout(),
				(a, b) -> a.compareTo(b) >= 0 ? a : b);
		SqsDestinationProperties properties = SqsDestinationProperties.of(destination);
		return new SqsReceiver(this.client, destination, settings, processor, () -> {
			SqsQueue queue = join(this.queues.resolve(destination));
			SqsQueue deadLetterQueue = deadLetterQueue(destination, queue);
			Duration visibility = properties.visibilityTimeout();
			if (visibility == null) {
				Duration needed = settings.processingTimeout().plus(this.options.visibilityMargin());
				// ask for more on receive when the queue's own timeout would let a slow message reappear
				visibility = needed.compareTo(queue.visibilityTimeout()) > 0 ? needed : null;
			}
			SqsAcknowledger acknowledger = new SqsAcknowledger(this.client, this.deadLetters, queue, deadLetterQueue,
					NAME + "/" + destination.name(), this.options.deleteWindow());
			return new SqsReceiver.Binding(queue, acknowledger, visibility);
		}, this.options.receiveFillWait());
	}

	@Override
	public List<HardeningInspector> inspectors() {
		return List.of(new SqsHardeningInspector(this.queues, this.options, this::processingTimeout, this.keys));
	}

	/**
	 * Starts a StartMessageMoveTask that moves the dead letters of the destination back to its queue.
	 * @param destination logical name of a destination this transport prepared
	 */
	@Override
	public CompletableFuture<String> redrive(String destination, int maxMessagesPerSecond) {
		Destination configured = this.prepared.get(destination);
		if (configured == null) {
			return CompletableFuture.failedFuture(new FerryConfigurationException(
					"Destination '" + destination + "' is not an SQS destination of this application"));
		}
		return this.queues.resolve(configured).thenCompose(queue -> {
			SqsQueue deadLetterQueue = deadLetterQueue(configured, queue);
			if (deadLetterQueue == null) {
				throw new CompletionException(new FerryConfigurationException("Destination '" + destination
						+ "' has no dead-letter queue to redrive from (no RedrivePolicy, no dead-letter resource)"));
			}
			StartMessageMoveTaskRequest.Builder request = StartMessageMoveTaskRequest.builder()
				.sourceArn(deadLetterQueue.arn())
				.destinationArn(queue.arn());
			if (maxMessagesPerSecond > 0) {
				request.maxNumberOfMessagesPerSecond(maxMessagesPerSecond);
			}
			return this.client.startMessageMoveTask(request.build()).thenApply(response -> response.taskHandle());
		});
	}

	/**
	 * Asks for one attribute of a queue this transport prepared (no permission beyond what consuming
	 * needs), or lists one queue when none was prepared yet.
	 */
	@Override
	public TransportHealth health(Duration timeout) {
		long started = System.nanoTime();
		Destination any = this.prepared.values().stream().findFirst().orElse(null);
		CompletableFuture<?> call = any != null
				? this.queues.resolve(any).thenCompose(queue -> this.client.getQueueAttributes(request -> request
					.queueUrl(queue.url()).attributeNames(QueueAttributeName.QUEUE_ARN)))
				: this.client.listQueues(request -> request.maxResults(1));
		String operation = any != null ? "GetQueueAttributes" : "ListQueues";
		try {
			call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return TransportHealth.up(Map.of("operation", operation, "latencyMs",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			return TransportHealth.down(operation + " did not answer within " + timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = SqsQueues.unwrap(ex);
			return TransportHealth.down(operation + " failed: " + cause.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return TransportHealth.down("interrupted");
		}
	}

	@Override
	public Optional<Backlog> backlog(Destination destination) {
		return this.queues.resolve(destination).thenCompose(this::counts).thenApply(Optional::of).join();
	}

	@Override
	public Optional<Backlog> deadLetterBacklog(Destination destination) {
		SqsQueue queue = this.queues.resolve(destination).join();
		SqsQueue deadLetterQueue = deadLetterQueue(destination, queue);
		return deadLetterQueue == null ? Optional.empty() : Optional.of(counts(deadLetterQueue).join());
	}

	private CompletableFuture<Backlog> counts(SqsQueue queue) {
		return this.client.getQueueAttributes(request -> request.queueUrl(queue.url())
			.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
					QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
					QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
			.thenApply(response -> Backlog.of(count(response.attributes(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
					count(response.attributes(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
					count(response.attributes(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
	}

	private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
		String value = attributes.get(name);
		return value != null ? Long.parseLong(value) : -1;
	}

	/** The queue Ferry sends rejected messages of the destination to, or null when there is none. */
	@Nullable SqsQueue deadLetterQueue(Destination destination, SqsQueue queue) {
		if (!destination.deadLetter().enabled()) {
			return null;
		}
		String resource = destination.deadLetter().resource();
		if (resource == null) {
			SqsQueue.RedrivePolicy redrive = queue.redrivePolicy();
			resource = redrive != null ? redrive.deadLetterTargetArn() : null;
		}
		return resource != null ? this.queues.findOrNull(resource) : null;
	}

	/**
	 * The processing timeout the provisioner sizes a queue's visibility from and the visibility rule
	 * checks against: the destination's {@code processing-timeout} property, else the longest of its
	 * listeners' (known once they subscribed, which is before start-up prepares the destination), else
	 * {@link SqsOptions#defaultProcessingTimeout()}.
	 */
	private Duration processingTimeout(Destination destination) {
		Duration configured = SqsDestinationProperties.of(destination).processingTimeout();
		if (configured != null) {
			return configured;
		}
		return this.processingTimeouts.getOrDefault(destination.name(), this.options.defaultProcessingTimeout());
	}

	private static <T> T join(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			Throwable cause = SqsQueues.unwrap(ex);
			throw cause instanceof RuntimeException runtime ? runtime : ex;
		}
	}

	/** Sends what the publish window still gathers; the client is the caller's and stays open. */
	@Override
	public void close() {
		this.publisher.close();
	}

}
