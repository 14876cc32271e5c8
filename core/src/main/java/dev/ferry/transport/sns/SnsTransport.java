package dev.ferry.transport.sns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.transport.DeadLetterReader;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.InboundDecoding;
import dev.ferry.core.transport.PublishOnlyTransport;
import dev.ferry.core.transport.QueueRoute;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.TransportCapabilities;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Amazon SNS as a Ferry transport: publishes to standard and FIFO topics with PublishBatch, and is
 * consumed through SQS: each listener id of a topic destination reads its own subscription queue
 * ({@code <topic>-<listener id>} unless configured), whose raw or enveloped messages this transport
 * decodes. Topics, queues, dead-letter queues, their policies and the subscriptions are created only
 * with {@code ferry.provision=true}; otherwise a missing one stops start-up naming the property.
 *
 * <p>Both clients belong to the caller (in Spring, Spring Cloud AWS's beans) and are not closed
 * here. Thread-safe.
 */
public final class SnsTransport implements PublishOnlyTransport {

	/** Transport name used in {@code ferry.destinations.<name>.transport}. */
	public static final String NAME = "sns";

	private final SnsOptions options;

	private final SnsTopics topics;

	private final SnsSubscriptions subscriptions;

	private final SnsPublisher publisher;

	private final SnsProvisioner provisioner;

	private final SnsEnvelopeReader envelopeReader;

	private final @Nullable SnsFirehoseCheck firehose;

	/** Subscriptions prepared so far, by destination/listener id: what the inspector checks and the dead-letter reader names. */
	private final Map<String, PreparedRoute> routes = new ConcurrentHashMap<>();

	/** One prepared subscription. */
	record PreparedRoute(QueueRoute route, SnsTopic topic, SnsSubscriptionSettings settings, String subscriptionArn) {
	}

	public SnsTransport(SnsAsyncClient sns, SqsAsyncClient sqs) {
		this(sns, sqs, SnsOptions.defaults(), null);
	}

	/**
	 * @param firehose the check of Firehose subscriptions' delivery streams
	 * ({@link SnsFirehoseCheck#of}), or null to skip that rule
	 */
	public SnsTransport(SnsAsyncClient sns, SqsAsyncClient sqs, SnsOptions options, @Nullable SnsFirehoseCheck firehose) {
		Objects.requireNonNull(sns, "sns");
		Objects.requireNonNull(sqs, "sqs");
		this.options = Objects.requireNonNull(options, "options");
		this.topics = new SnsTopics(sns);
		this.subscriptions = new SnsSubscriptions(sns, sqs);
		this.publisher = new SnsPublisher(sns, options);
		this.provisioner = new SnsProvisioner(sns, sqs, this.topics, this.subscriptions, options);
		this.envelopeReader = new SnsEnvelopeReader(
				options.verifySignatures() ? new SnsSignatureVerifier(options.trustedCertificateEndpoints()) : null);
		this.firehose = firehose;
	}

	@Override
	public String name() {
		return NAME;
	}

	public SnsOptions options() {
		return this.options;
	}

	@Override
	public TransportCapabilities capabilities(Destination destination) {
		boolean fifo = SnsDestinationProperties.of(destination).fifo();
		return TransportCapabilities.builder()
			.orderedPerKey(fifo)
			.redeliveryDelay(true)
			.deduplication(fifo)
			.maxBatchSize(SnsPublisher.MAX_BATCH_ENTRIES)
			.publishOnly(true)
			.build();
	}

	/** Resolves the topic; creates it when missing and {@code provision} is true, else fails naming the property. */
	@Override
	public void prepare(Destination destination, boolean provision) {
		SnsTopic topic = this.topics.findOrNull(destination.resource());
		if (topic == null) {
			if (!provision) {
				throw SnsTopics.missing(destination);
			}
			topic = this.provisioner.createTopic(destination);
		}
		boolean fifo = SnsDestinationProperties.of(destination).fifo();
		if (fifo != topic.fifo()) {
			throw new dev.ferry.core.FerryConfigurationException(destination.configPrefix() + ".properties.fifo is "
					+ fifo + " but topic " + topic.name() + " is " + (topic.fifo() ? "a FIFO" : "a standard") + " topic");
		}
	}

	@Override
	public long maxMessageBytes(Destination destination) {
		if (destination.maxMessageBytes() != null) {
			return destination.maxMessageBytes();
		}
		SnsTopic topic = this.topics.findOrNull(destination.resource());
		Long topicLimit = topic != null ? topic.maximumMessageSize() : null;
		return topicLimit != null ? topicLimit : this.options.maxMessageBytes();
	}

	@Override
	public long sizeOf(EncodedMessage message) {
		return SnsHeaders.sizeOf(message);
	}

	@Override
	public CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages) {
		if (messages.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		SnsTopic topic;
		try {
			topic = this.topics.require(destination);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.completedFuture(messages.stream()
				.map(message -> (SendResult) new SendResult.Rejected(message.id(), "TopicDoesNotExist",
						String.valueOf(ex.getMessage()), false, ex))
				.toList());
		}
		return this.publisher.send(destination, topic, messages, maxMessageBytes(destination));
	}

	/**
	 * The listener's own subscription queue: a destination of the queue transport with the topic
	 * destination's name and consumer policies, dead-lettering to the subscription's dead-letter queue.
	 */
	@Override
	public QueueRoute route(Destination destination, String listenerId) {
		SnsSubscriptionSettings settings = SnsSubscriptionSettings.of(destination, listenerId, this.options);
		Map<String, String> properties = new LinkedHashMap<>();
		for (String key : List.of("poll-timeout", "processing-timeout", "visibility-timeout")) {
			destination.property(key).ifPresent(value -> properties.put(key, value));
		}
		if (SnsDestinationProperties.of(destination).fifo()) {
			properties.put("fifo", "true");
		}
		Destination queue = destination.on(settings.queueTransport(), settings.queue(), properties, NAME)
			.withDeadLetter(new DeadLetterPolicy(destination.deadLetter().enabled(), settings.deadLetterQueue()));
		return new QueueRoute(listenerId, destination, queue, InboundDecoding.of(this.envelopeReader, DeadLetterReader.NONE));
	}

	@Override
	public void prepareRoute(QueueRoute route, boolean provision) {
		Destination destination = route.source();
		SnsTopic topic = this.topics.require(destination);
		SnsSubscriptionSettings settings = SnsSubscriptionSettings.of(destination, route.listenerId(), this.options);
		String subscriptionArn = this.provisioner.prepare(destination, route.listenerId(), topic, settings, provision);
		this.routes.put(destination.name() + "/" + route.listenerId(), new PreparedRoute(route, topic, settings, subscriptionArn));
	}

	/**
	 * Decoding for a queue destination with {@code envelope: sns}: an SNS subscription's
	 * dead-letter queue. Messages SNS could not deliver come with a {@code DeadLetterInfo} naming the
	 * topic and subscription.
	 */
	@Override
	public InboundDecoding decoding(Destination queue) {
		String name = SnsSubscriptionSettings.queueName(queue.resource());
		for (PreparedRoute prepared : this.routes.values()) {
			if (SnsSubscriptionSettings.queueName(prepared.settings().deadLetterQueue()).equals(name)) {
				return InboundDecoding.of(this.envelopeReader,
						new SnsDeadLetterReader(prepared.topic().arn(), prepared.subscriptionArn()));
			}
		}
		return InboundDecoding.of(this.envelopeReader, new SnsDeadLetterReader(null, null));
	}

	/** The subscriptions prepared so far. */
	List<PreparedRoute> preparedRoutes() {
		return List.copyOf(this.routes.values());
	}

	@Override
	public List<HardeningInspector> inspectors() {
		return List.of(new SnsHardeningInspector(this.topics, this.subscriptions, this::preparedRoutes, this.firehose));
	}

	/** Sends what the publish window still gathers; the clients are the caller's and stay open. */
	@Override
	public void close() {
		this.publisher.close();
	}

}
