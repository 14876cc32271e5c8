package dev.ferry.transport.eventbridge;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Subscription;
import dev.ferry.core.transport.Transport;
import dev.ferry.core.transport.TransportCapabilities;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Amazon EventBridge as a Ferry {@link Transport}: publishes events with PutEvents, one result per
 * message. EventBridge delivers events to targets of rules, not to pollers, so it is publish-only:
 * listeners consume through a rule whose target is an SQS queue, declared on that queue's
 * destination ({@code subscription.*}), and this transport reads the events' envelope there.
 *
 * <p>The {@link EventBridgeAsyncClient} belongs to the caller and is not closed here. Thread-safe.
 */
public final class EventBridgeTransport implements Transport {

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
		this.publisher = new EventBridgePublisher(client, options, Objects.requireNonNull(xrayTraceHeader, "xrayTraceHeader"));
		this.provisioner = new EventBridgeProvisioner(client, sqs);
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

	/** No order, no native dead-lettering at publish, no delay, no deduplication; ten entries per request. */
	@Override
	public TransportCapabilities capabilities(Destination destination) {
		return new TransportCapabilities(false, false, false, false, false, EventBridgeLimits.MAX_BATCH_ENTRIES);
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
	 * Refused: EventBridge has no consumer API. Consume through a rule target queue instead.
	 * @throws FerryConfigurationException always, naming the destination and the way to consume it
	 */
	@Override
	public Subscription subscribe(Destination destination, ReceiveSettings settings, InboundProcessor processor) {
		throw new FerryConfigurationException("Destination '" + destination.name() + "' is an EventBridge bus, which "
				+ "is publish-only: listen on an SQS destination whose " + "subscription names '" + destination.name()
				+ "' (ferry.destinations.<queue>.subscription.*) instead");
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

}
