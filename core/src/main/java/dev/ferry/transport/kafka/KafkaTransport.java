package dev.ferry.transport.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Ferry over Apache Kafka / Amazon MSK. {@link Destination#resource()} is the topic; the ordering
 * group is the topic-partition (records with the same key stay in order). Kafka has no native
 * dead-letter queue and no per-record redelivery delay: Ferry publishes rejected records to
 * {@code <topic>.DLT} (or {@code DeadLetterPolicy.resource}) and backs off in place by pausing
 * the partition.
 *
 * <p>Destination properties: {@code group-id} (base of the listeners' consumer groups, default
 * {@code ferry.kafka.group-id}; see {@link #groupId}), {@code consumer-group} (one exact group for
 * every listener of the destination), {@code partitions} (for provisioning).
 *
 * <p>SCRAM credentials are fetched once, here, from the {@link ScramCredentialsSource}.
 */
public final class KafkaTransport implements Transport, RedriveService {

	public static final String NAME = "kafka";

	/** Kafka's default {@code max.poll.records}, the most records one poll hands over. */
	static final int MAX_POLL_RECORDS = 500;

	/** Kafka's default {@code max.poll.interval.ms} (5 minutes). */
	private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

	private final KafkaOptions options;

	private final KafkaClientConfig clientConfig;

	private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;

	private final KafkaPublisher publisher;

	private final Admin admin;

	private final KafkaTopics topics;

	private final KafkaBacklog backlog;

	private final KafkaRedrive redrive;

	/** Destinations prepared by this transport, by logical name: what redrive may act on. */
	private final Map<String, Destination> prepared = new ConcurrentHashMap<>();

	/** Consumer groups subscribed per destination name, for the lag gauges. */
	private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();

	private final Map<String, String> environment;

	private final @Nullable ScramCredentialsSource scramSource;

	/**
	 * @param options transport options
	 * @param scramSource where SCRAM credentials come from; required when {@code auth = scram}
	 */
	public KafkaTransport(KafkaOptions options, @Nullable ScramCredentialsSource scramSource) {
		this(options, scramSource, System.getenv());
	}

	KafkaTransport(KafkaOptions options, @Nullable ScramCredentialsSource scramSource,
			Map<String, String> environment) {
		this.options = options;
		this.environment = environment;
		this.scramSource = scramSource;
		ScramCredentials scram = null;
		if (options.auth() == KafkaAuth.SCRAM) {
			if (scramSource == null) {
				throw new FerryConfigurationException("ferry.kafka.auth=scram needs a Secrets Manager client "
						+ "(add software.amazon.awssdk:secretsmanager) to read ferry.kafka.scram.secret-id");
			}
			scram = scramSource.fetch(java.util.Objects.requireNonNull(options.scramSecretId()));
		}
		if (options.auth() == KafkaAuth.IAM && !isPresent(KafkaClientConfig.IAM_LOGIN_MODULE)) {
			throw new FerryConfigurationException("ferry.kafka.auth=iam needs the MSK IAM library on the classpath: "
					+ "add software.amazon.msk:aws-msk-iam-auth");
		}
		this.clientConfig = new KafkaClientConfig(options, scram);
		this.producerFactory = new DefaultKafkaProducerFactory<>(this.clientConfig.producer());
		this.publisher = new KafkaPublisher(new KafkaTemplate<>(this.producerFactory), options);
		this.admin = Admin.create(this.clientConfig.admin());
		this.topics = new KafkaTopics(this.admin, options);
		this.backlog = new KafkaBacklog(this.admin, options.operationTimeout());
		this.redrive = new KafkaRedrive(this.clientConfig, options.operationTimeout());
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, KafkaTransport.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	public KafkaOptions options() {
		return this.options;
	}

	/** The effective client configuration (security, producer, consumer). */
	public KafkaClientConfig clientConfig() {
		return this.clientConfig;
	}

	public KafkaTopics topics() {
		return this.topics;
	}

	@Override
	public TransportCapabilities capabilities(Destination destination) {
		return TransportCapabilities.builder().orderedPerKey(true).maxBatchSize(MAX_POLL_RECORDS).build();
	}

	@Override
	public void prepare(Destination destination, boolean provision) {
		this.prepared.put(destination.name(), destination);
		String deadLetter = deadLetterTopic(destination);
		Integer configured = destination.settings().integer("partitions", 1, Integer.MAX_VALUE);
		int partitions = configured != null ? configured : this.options.defaultPartitions();
		if (provision) {
			this.topics.createIfMissing(destination.resource(), partitions);
			if (deadLetter != null) {
				this.topics.createIfMissing(deadLetter, partitions);
			}
			return;
		}
		this.topics.require(destination.resource(), destination.configPrefix() + ".resource");
		if (deadLetter != null) {
			this.topics.require(deadLetter, destination.configPrefix() + ".dead-letter");
		}
	}

	@Override
	public long maxMessageBytes(Destination destination) {
		Long override = destination.maxMessageBytes();
		return override != null ? override : this.options.maxRequestSize();
	}

	@Override
	public long sizeOf(EncodedMessage message) {
		return KafkaPublisher.recordSize(message);
	}

	/**
	 * True: the producer appends records to its partitions' batches in the order {@code send} is
	 * called from one thread, within one call or across consecutive calls alike.
	 */
	@Override
	public boolean acceptsSendsInParts(Destination destination) {
		return true;
	}

	@Override
	public CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages) {
		return this.publisher.send(destination.resource(), maxMessageBytes(destination), messages);
	}

	@Override
	public Subscription subscribe(Destination destination, ReceiveSettings settings, InboundProcessor processor) {
		String groupId = groupId(destination, settings.listenerId());
		this.groups.computeIfAbsent(destination.name(), name -> ConcurrentHashMap.newKeySet()).add(groupId);
		int maxPoll = Math.min(settings.maxBatchSize(), MAX_POLL_RECORDS);
		Map<String, Object> consumerConfig = this.clientConfig.consumer(groupId, maxPoll);
		DefaultKafkaConsumerFactory<String, byte[]> consumerFactory = new DefaultKafkaConsumerFactory<>(consumerConfig);
		KafkaAcknowledger acknowledger = new KafkaAcknowledger(destination, this.publisher,
				deadLetterTopic(destination), groupId);
		// The group waits for a consumer giving up partitions at most max.poll.interval.ms: leave it room.
		Duration maxPollInterval = Duration.ofMillis(Long.parseLong(String.valueOf(consumerConfig
			.getOrDefault(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, DEFAULT_MAX_POLL_INTERVAL_MS))));
		Duration revokeWait = settings.processingTimeout().compareTo(maxPollInterval.dividedBy(2)) < 0
				? settings.processingTimeout() : maxPollInterval.dividedBy(2);
		return new KafkaReceiver(destination, settings, processor, consumerFactory, acknowledger, groupId,
				this.options.operationTimeout(), revokeWait);
	}

	/**
	 * The consumer group of one listener. Each listener id is its own subscriber and reads every
	 * record of the topic, so its group is {@code <base>.<listener-id>}, where the base is the
	 * destination's {@code group-id} property or {@code ferry.kafka.group-id}. A destination's
	 * {@code consumer-group} property names the group exactly instead: every listener of that
	 * destination then shares it and the records (competing on purpose, or keeping the offsets of a
	 * group that existed before).
	 */
	public String groupId(Destination destination, String listenerId) {
		java.util.Optional<String> exact = destination.property("consumer-group").filter(group -> !group.isBlank());
		if (exact.isPresent()) {
			return exact.get();
		}
		return destination.property("group-id").filter(group -> !group.isBlank()).orElse(this.options.groupId()) + "."
				+ listenerId;
	}

	/** The dead-letter topic of the destination, or null when dead-lettering is disabled. */
	public @Nullable String deadLetterTopic(Destination destination) {
		if (!destination.deadLetter().enabled()) {
			return null;
		}
		String resource = destination.deadLetter().resource();
		return resource != null ? resource : this.options.defaultDeadLetterTopic(destination.resource());
	}

	/** Describes the cluster: answered within {@code timeout}, or DOWN. */
	@Override
	public TransportHealth health(Duration timeout) {
		long started = System.nanoTime();
		try {
			String clusterId = this.admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return TransportHealth.up(Map.of("operation", "DescribeCluster", "clusterId", String.valueOf(clusterId),
					"latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
		}
		catch (TimeoutException ex) {
			return TransportHealth.down("DescribeCluster did not answer within " + timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			return TransportHealth.down("DescribeCluster failed: " + cause.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return TransportHealth.down("interrupted");
		}
	}

	/** Consumer lag of every listener's group on the destination's topic. */
	@Override
	public Optional<Backlog> backlog(Destination destination) {
		Set<String> groupIds = this.groups.getOrDefault(destination.name(), Set.of());
		return Optional.of(this.backlog.lag(destination.resource(), groupIds));
	}

	/**
	 * Re-publishes the records of the destination's dead-letter topic to its topic (see
	 * {@link KafkaRedrive}) on a thread of its own; completes with how many were moved.
	 */
	@Override
	public CompletableFuture<String> redrive(String destination, int maxMessagesPerSecond) {
		Destination configured = this.prepared.get(destination);
		if (configured == null) {
			return CompletableFuture.failedFuture(new FerryConfigurationException(
					"Destination '" + destination + "' is not a Kafka destination of this application"));
		}
		String deadLetter = deadLetterTopic(configured);
		if (deadLetter == null) {
			return CompletableFuture.failedFuture(new FerryConfigurationException(
					"Destination '" + destination + "' has dead-lettering disabled: no dead-letter topic to redrive from"));
		}
		CompletableFuture<String> result = new CompletableFuture<>();
		Thread worker = new Thread(() -> {
			try {
				long moved = this.redrive.move(deadLetter, configured.resource(), "ferry-redrive." + destination,
						maxMessagesPerSecond);
				result.complete("moved " + moved + " records from " + deadLetter + " to " + configured.resource());
			}
			catch (RuntimeException ex) {
				result.completeExceptionally(ex);
			}
		}, "ferry-kafka-redrive-" + destination);
		worker.setDaemon(true);
		worker.start();
		return result;
	}

	/** Records kept in the dead-letter topic. */
	@Override
	public Optional<Backlog> deadLetterBacklog(Destination destination) {
		String topic = deadLetterTopic(destination);
		return topic == null ? Optional.empty() : Optional.of(this.backlog.depth(topic));
	}

	@Override
	public List<HardeningInspector> inspectors() {
		return List.of(new KafkaHardeningInspector(this.clientConfig, this.topics, this.environment,
				this::deadLetterTopic, this.scramSource));
	}

	@Override
	public void close() {
		this.producerFactory.destroy();
		this.admin.close(this.options.operationTimeout());
	}

}
