package dev.ferry.transport.eventbridge;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.InboundDecoding;
import dev.ferry.core.transport.PublishOnlyTransport;
import dev.ferry.core.transport.QueueRoute;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.TransportCapabilities;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Amazon EventBridge as a Ferry {@link Transport}: publishes events with PutEvents, one result per
 * message. EventBridge delivers events to targets of rules, not to pollers, so it is publish-only:
 * each listener consumes through its own rule whose target is its own SQS queue
 * ({@code ferry.destinations.<name>.subscription.*}), and this transport reads the events' envelope
 * and EventBridge's dead-letter attributes there.
 *
 * <p>The {@link EventBridgeAsyncClient} belongs to the caller and is not closed here. Thread-safe.
 */
public final class EventBridgeTransport implements PublishOnlyTransport {

	/** Transport name used in {@code ferry.destinations.<name>.transport}. */
	public static final String NAME = "eventbridge";

	/**
	 * System property in which the Lambda Java runtime puts the trace header of the current
	 * invocation. https://docs.aws.amazon.com/lambda/latest/dg/java-tracing.html
	 */
	static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

	/**
	 * Environment variable holding the trace header in AWS Lambda.
	 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
	 */
	static final String TRACE_HEADER_VARIABLE = "_X_AMZN_TRACE_ID";

	private final EventBridgeAsyncClient client;

	private final @Nullable SqsAsyncClient sqs;

	private final EventBridgeOptions options;

	private final EventBridgePublisher publisher;

	private final EventBridgeProvisioner provisioner;

	private final InboundDecoding decoding;

	private final EventBridgeRoutes routes;

	public EventBridgeTransport(EventBridgeAsyncClient client) {
		this(client, EventBridgeOptions.defaults());
	}

	public EventBridgeTransport(EventBridgeAsyncClient client, EventBridgeOptions options) {
		this(client, null, options, EventBridgeTransport::environmentTraceHeader);
	}

	/**
	 * @param client the EventBridge client, for publishing, provisioning and inspecting buses and rules
	 * @param sqs the SQS client, for the target queues listeners consume through (checked, created when
	 * provisioning, inspected); null for a publishing-only application
	 * @param options the adapter's settings
	 * @param xrayTraceHeader the X-Ray trace header to send as the entry's TraceHeader for messages
	 * that carry no {@value EventBridgeHeaders#AWS_TRACE_HEADER} header
	 */
	public EventBridgeTransport(EventBridgeAsyncClient client, @Nullable SqsAsyncClient sqs, EventBridgeOptions options,
			Supplier<@Nullable String> xrayTraceHeader) {
		this.client = Objects.requireNonNull(client, "client");
		this.sqs = sqs;
		this.options = Objects.requireNonNull(options, "options");
		this.publisher = new EventBridgePublisher(client, options, Objects.requireNonNull(xrayTraceHeader, "xrayTraceHeader"),
				this::sizeOf);
		this.provisioner = new EventBridgeProvisioner(client, sqs);
		this.decoding = InboundDecoding.of(EventBridgeEnvelope::decode,
				(delivered, read) -> EventBridgeDeadLetters.read(delivered.headers().asMap(), read.id()));
		this.routes = new EventBridgeRoutes(options, this.provisioner, sqs, this.decoding);
	}

	/**
	 * A transport that publishes and lets listeners consume through target queues, with the X-Ray
	 * trace header of the environment.
	 */
	public EventBridgeTransport(EventBridgeAsyncClient client, SqsAsyncClient sqs, EventBridgeOptions options) {
		this(client, sqs, options, EventBridgeTransport::environmentTraceHeader);
	}

	@Override
	public String name() {
		return NAME;
	}

	public EventBridgeOptions options() {
		return this.options;
	}

	/** Publish-only: no order, no delay, no deduplication; ten entries per request. */
	@Override
	public TransportCapabilities capabilities(Destination destination) {
		return TransportCapabilities.builder().maxBatchSize(EventBridgeLimits.MAX_BATCH_ENTRIES).publishOnly(true).build();
	}

	/**
	 * The listener's own SQS queue, subscribed through its own rule (see {@link EventBridgeRoutes} for
	 * the {@code subscription.*} settings). Validates the settings, including the event pattern.
	 */
	@Override
	public QueueRoute route(Destination destination, String listenerId) {
		return this.routes.route(destination, listenerId);
	}

	/**
	 * Checks the queue, rule and target of the route; with {@code provision}, creates the queue and its
	 * dead-letter queue, their policies, the rule, the target (dead-letter config, retry policy) and the
	 * archive. Otherwise a missing piece stops start-up naming the property.
	 */
	@Override
	public void prepareRoute(QueueRoute route, boolean provision) {
		this.routes.prepare(route, provision);
	}

	/**
	 * Reads EventBridge events from any queue whose destination names {@code envelope: eventbridge}
	 * (a target's dead-letter queue, a queue targeted outside Ferry): payload from {@code detail},
	 * dead-letter information from EventBridge's attributes.
	 */
	@Override
	public InboundDecoding decoding(Destination queue) {
		return this.decoding;
	}

	@Override
	public List<HardeningInspector> inspectors() {
		return List.of(new EventBridgeHardeningInspector(this.client, this.sqs, this.routes::subscriptions));
	}

	/**
	 * Starts a replay of the listener's archive ({@code archive.retention}) for the time window into
	 * the bus, limited to the listener's rule: only that listener receives the events again, with
	 * {@code eventbridge.replay-name} among their attributes. Like SQS redrive, it runs in the background.
	 * @param destination logical name of an EventBridge destination prepared by this transport
	 * @param listenerId the listener whose subscription replays
	 * @return the replay's name, once EventBridge accepted it
	 */
	public CompletableFuture<String> replay(String destination, String listenerId, Instant from, Instant to) {
		EventBridgeRoutes.Prepared prepared = this.routes.prepared(destination, listenerId);
		if (prepared == null) {
			return CompletableFuture.failedFuture(new FerryConfigurationException("No listener '" + listenerId
					+ "' of EventBridge destination '" + destination + "' was prepared by this application"));
		}
		if (prepared.subscription().archiveRetention() == null) {
			return CompletableFuture.failedFuture(new FerryConfigurationException("Destination '" + destination
					+ "' keeps no archive to replay from: set ferry.destinations." + destination
					+ ".properties.archive.retention (and ferry.provision=true to create it)"));
		}
		return this.provisioner.startReplay(prepared.subscription(), prepared.ruleArn(), from, to);
	}

	/**
	 * Checks the destination's settings and that its bus exists; creates a missing bus (with the
	 * configured customer-managed key) only when {@code provision} is true, else fails naming the
	 * property.
	 */
	@Override
	public void prepare(Destination destination, boolean provision) {
		EventBridgeDestinationProperties properties = EventBridgeDestinationProperties.of(destination);
		this.provisioner.ensureBus(destination, properties, provision);
	}

	@Override
	public long maxMessageBytes(Destination destination) {
		return destination.maxMessageBytes() != null ? destination.maxMessageBytes() : this.options.maxRequestBytes();
	}

	/**
	 * A lower bound of the entry's size (body plus Ferry's headers field); the publisher counts the
	 * exact size, with Source, DetailType and Resources, before sending.
	 */
	@Override
	public long sizeOf(EncodedMessage message) {
		long size = message.body().length;
		for (Map.Entry<String, String> header : message.headers().asMap().entrySet()) {
			if (!EventBridgeHeaders.AWS_TRACE_HEADER.equals(header.getKey())) {
				size += header.getKey().length() + header.getValue().length();
			}
		}
		return size;
	}

	@Override
	public CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages) {
		return this.publisher.send(destination, messages);
	}

	/**
	 * The target queue a listener gets when {@code subscription.queue} is not set:
	 * {@code <bus>-<listener id>} (the destination's resource, as for every publish-only transport), cut
	 * to SQS's 80 characters ({@code .fifo} added for FIFO).
	 */
	public static String defaultQueueName(String bus, String listenerId, boolean fifo) {
		return EventBridgeRoutes.queueName(bus + "-" + listenerId, fifo ? ".fifo" : "");
	}

	/**
	 * The dead-letter queue of a listener's target when {@code subscription.dead-letter-queue} is not
	 * set: the queue's name without {@code .fifo}, plus {@code -dlq}. It receives the events EventBridge
	 * could not deliver and, for a standard queue, the messages Ferry gave up on.
	 */
	public static String defaultDeadLetterQueueName(String queue) {
		return EventBridgeRoutes.queueName(EventBridgeRoutes.nameOf(queue).replace(".fifo", "") + "-dlq", "");
	}

	/** The process's X-Ray trace header: the Lambda system property, then the environment variable. */
	static @Nullable String environmentTraceHeader() {
		String property = System.getProperty(TRACE_HEADER_PROPERTY);
		if (property != null && !property.isBlank()) {
			return property;
		}
		String variable = System.getenv(TRACE_HEADER_VARIABLE);
		return variable != null && !variable.isBlank() ? variable : null;
	}

	EventBridgeAsyncClient client() {
		return this.client;
	}

	/** Sends what the publish window still gathers; the client is the caller's and stays open. */
	@Override
	public void close() {
		this.publisher.close();
	}

}
