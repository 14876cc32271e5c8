package dev.ferry.transport.kinesis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.TransportException;
import dev.ferry.core.deadletter.DeadLetterPolicy;
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
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * Amazon Kinesis Data Streams as a Ferry {@link Transport}. {@link Destination#resource()} is the
 * stream name; the ordering group is the shard (records with the same partition key, which is the
 * message key or else its id, stay in order). Publishing: {@link KinesisPublisher}. Consuming: one
 * Kinesis Client Library 3.x application per listener ({@link KinesisReceiver}), leases and
 * checkpoints in a DynamoDB lease table; outcomes map to checkpoints
 * ({@link KinesisShardProcessor}); rejected records go to the destination's dead-letter destination
 * ({@link KinesisAcknowledger}) on the transport named by {@code dead-letter-transport}
 * ({@code kinesis} by default: the stream {@code <stream>-dlq}, or {@code DeadLetterPolicy.resource}).
 *
 * <p>Destination properties: see {@link KinesisDestinationSettings}.
 *
 * <p>The Kinesis and DynamoDB clients belong to the caller and are not closed here. Without a
 * CloudWatch client one is built from the Kinesis client's region and credentials, and only used
 * when {@link KinesisOptions#metrics()} is on. Thread-safe.
 */
public final class KinesisTransport implements Transport {

	/** MillisBehindLatest per destination, keyed {@code <listener>/<shard>}. */
	private final Map<String, Map<String, Long>> behind = new ConcurrentHashMap<>();


	/** Transport name used in {@code ferry.destinations.<name>.transport}. */
	public static final String NAME = "kinesis";

	private final KinesisAsyncClient kinesis;

	private final DynamoDbAsyncClient dynamo;

	private final CloudWatchAsyncClient cloudWatch;

	private final boolean ownsCloudWatch;

	private final KinesisOptions options;

	private final Function<String, @Nullable Transport> deadLetterTransports;

	private final KinesisPublisher publisher;

	private final KinesisProvisioner provisioner;

	private final Map<String, Boolean> provisioning = new ConcurrentHashMap<>();

	private final Map<String, String> streamArns = new ConcurrentHashMap<>();

	private final List<KinesisReceiver> receivers = new CopyOnWriteArrayList<>();

	public KinesisTransport(KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamo, KinesisOptions options) {
		this(kinesis, dynamo, null, options, name -> null);
	}

	/**
	 * @param kinesis the Kinesis client (publishing, and the KCL's retrieval)
	 * @param dynamo the DynamoDB client of the KCL's lease tables
	 * @param cloudWatch the CloudWatch client for KCL metrics, or null (see the class comment)
	 * @param options transport options
	 * @param deadLetterTransports other transports by name ({@code sqs}, {@code sns}), for dead-letter
	 * destinations on them; may return null for unknown names
	 */
	public KinesisTransport(KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamo,
			@Nullable CloudWatchAsyncClient cloudWatch, KinesisOptions options,
			Function<String, @Nullable Transport> deadLetterTransports) {
		this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
		this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
		this.options = Objects.requireNonNull(options, "options");
		this.deadLetterTransports = Objects.requireNonNull(deadLetterTransports, "deadLetterTransports");
		this.ownsCloudWatch = cloudWatch == null;
		this.cloudWatch = cloudWatch != null ? cloudWatch
				: CloudWatchAsyncClient.builder()
					.region(kinesis.serviceClientConfiguration().region())
					.credentialsProvider(kinesis.serviceClientConfiguration().credentialsProvider())
					.build();
		this.publisher = new KinesisPublisher(kinesis, options);
		this.provisioner = new KinesisProvisioner(kinesis, options);
	}

	@Override
	public String name() {
		return NAME;
	}

	public KinesisOptions options() {
		return this.options;
	}

	KinesisAsyncClient kinesis() {
		return this.kinesis;
	}

	DynamoDbAsyncClient dynamo() {
		return this.dynamo;
	}

	CloudWatchAsyncClient cloudWatch() {
		return this.cloudWatch;
	}

	@Override
	public TransportCapabilities capabilities(Destination destination) {
		return new TransportCapabilities(true, false, false, false, false, KinesisLimits.MAX_RECORDS_PER_PUT);
	}

	/**
	 * Checks the stream (and a dead-letter stream on this transport) exists, creating it when
	 * {@code provision} is true. Remembers {@code provision} for the listeners' lease tables.
	 */
	@Override
	public void prepare(Destination destination, boolean provision) {
		this.provisioning.put(destination.name(), provision);
		KinesisDestinationSettings settings = KinesisDestinationSettings.of(destination, this.options);
		this.provisioner.prepare(destination.resource(), destination.configPrefix() + ".resource", settings, provision);
		if (destination.deadLetter().enabled() && NAME.equals(settings.deadLetterTransport())) {
			this.provisioner.prepare(deadLetterResource(destination), destination.configPrefix() + ".dead-letter",
					settings, provision);
		}
	}

	boolean provisioning(Destination destination) {
		return this.provisioning.getOrDefault(destination.name(), false);
	}

	@Override
	public long maxMessageBytes(Destination destination) {
		Long override = destination.maxMessageBytes();
		return override != null ? override : this.options.maxRecordBytes();
	}

	@Override
	public long sizeOf(EncodedMessage message) {
		return KinesisPublisher.recordSize(message);
	}

	@Override
	public CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages) {
		return this.publisher.send(destination, maxMessageBytes(destination), messages);
	}

	@Override
	public Subscription subscribe(Destination destination, ReceiveSettings settings, InboundProcessor processor) {
		KinesisReceiver receiver = new KinesisReceiver(this, destination, settings, processor);
		this.receivers.add(receiver);
		return receiver;
	}

	/** The dead-letter resource of a destination: {@code DeadLetterPolicy.resource}, else {@code <stream>-dlq}. */
	public String deadLetterResource(Destination destination) {
		String resource = destination.deadLetter().resource();
		return resource != null ? resource : destination.resource() + "-dlq";
	}

	/** Where rejected records of the destination go; null when dead-lettering is disabled. */
	KinesisAcknowledger.@Nullable DeadLetterTarget deadLetterTarget(Destination destination) {
		if (!destination.deadLetter().enabled()) {
			return null;
		}
		String transportName = KinesisDestinationSettings.of(destination, this.options).deadLetterTransport();
		Transport transport = NAME.equals(transportName) ? this : this.deadLetterTransports.apply(transportName);
		if (transport == null) {
			throw new FerryConfigurationException(destination.configPrefix()
					+ ".properties.dead-letter-transport names transport '" + transportName
					+ "', which is not configured; add it or use 'kinesis'");
		}
		Destination target = Destination.of(destination.name() + "-dead-letter", transportName,
				deadLetterResource(destination)).withDeadLetter(DeadLetterPolicy.disabled());
		return new KinesisAcknowledger.DeadLetterTarget(transport, target);
	}

	/** The stream's ARN (for dead-letter metadata), described once. */
	String streamArn(String stream) {
		return this.streamArns.computeIfAbsent(stream, name -> {
			StreamDescriptionSummary summary = this.provisioner.describe(name);
			if (summary == null) {
				throw new FerryConfigurationException("Kinesis stream '" + name + "' does not exist");
			}
			return summary.streamARN();
		});
	}

	/** The stream's summary, or null when it does not exist. */
	@Nullable StreamDescriptionSummary describe(String stream) {
		return this.provisioner.describe(stream);
	}

	/** All shards of the stream, open and closed. */
	List<Shard> shards(String stream) {
		List<Shard> shards = new ArrayList<>();
		String next = null;
		try {
			do {
				String token = next;
				ListShardsResponse response = this.kinesis.listShards(builder -> {
					if (token != null) {
						builder.nextToken(token);
					}
					else {
						builder.streamName(stream);
					}
				}).get();
				shards.addAll(response.shards());
				next = response.nextToken();
			}
			while (next != null);
			return shards;
		}
		catch (ExecutionException ex) {
			throw new TransportException("ListShards of Kinesis stream '" + stream + "' failed: "
					+ ex.getCause().getMessage(), ex.getCause(), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransportException("Interrupted while listing shards of '" + stream + "'", ex, true);
		}
	}

	/** Records a shard consumer's MillisBehindLatest, as the KCL reports it with each batch. */
	void behindLatest(String destination, String listenerId, String shardId, long millis) {
		this.behind.computeIfAbsent(destination, name -> new ConcurrentHashMap<>()).put(listenerId + "/" + shardId, millis);
	}

	/**
	 * How far behind each listener's shard consumers are (MillisBehindLatest of their last batch); the
	 * record counts are unknown on Kinesis ({@code -1}).
	 */
	@Override
	public Optional<Backlog> backlog(Destination destination) {
		return Optional.of(new Backlog(-1, -1, -1, List.of(), this.behind.getOrDefault(destination.name(), Map.of())));
	}

	/** The listeners subscribed through this transport, for the hardening rules. */
	Collection<KinesisReceiver> receivers() {
		return List.copyOf(this.receivers);
	}

	@Override
	public List<HardeningInspector> inspectors() {
		return List.of(new KinesisHardeningInspector(this));
	}

	/** Sends what the publish window still gathers and closes the CloudWatch client it created. */
	@Override
	public void close() {
		this.publisher.close();
		if (this.ownsCloudWatch) {
			this.cloudWatch.close();
		}
	}

}
