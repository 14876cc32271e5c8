package dev.ferry.test.contract.eventbridge;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.SubscriptionSettings;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.InboundDecoding;
import dev.ferry.core.transport.PublishOnlyTransport;
import dev.ferry.core.transport.QueueRoute;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Transport;
import dev.ferry.core.transport.TransportCapabilities;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.transport.eventbridge.EventBridgeOptions;
import dev.ferry.transport.eventbridge.EventBridgeTransport;
import dev.ferry.transport.sqs.SqsTransport;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Contract fixture for EventBridge consumed through SQS on any backend serving both (the local
 * stand-in, moto): each destination is its own bus; every listener gets its own rule, target queue
 * and target dead-letter queue, created by the adapter's own provisioning as soon as the listener is
 * declared (the suite runs without {@code ferry.provision}, so the fixture provisions, as the SQS
 * fixture creates its queues). Dead letters are read from the listener's dead-letter queue with
 * the EventBridge envelope.
 */
final class EventBridgeContractFixture implements TransportFixture {

	private final EventBridgeAsyncClient events;

	private final SqsAsyncClient sqs;

	private final EventBridgeTransport eventBridge;

	private final ProvisioningRoutes transport;

	private final SqsTransport queues;

	EventBridgeContractFixture(URI eventBridgeEndpoint, URI sqsEndpoint, Region region,
			AwsCredentialsProvider credentials) {
		this.events = EventBridgeAsyncClient.builder()
			.endpointOverride(eventBridgeEndpoint)
			.region(region)
			.credentialsProvider(credentials)
			.build();
		this.sqs = SqsAsyncClient.builder()
			.endpointOverride(sqsEndpoint)
			.region(region)
			.credentialsProvider(credentials)
			.build();
		this.eventBridge = new EventBridgeTransport(this.events, this.sqs,
				EventBridgeOptions.defaults().withTargetRetryPolicy(2, Duration.ofMinutes(5)), () -> null);
		this.transport = new ProvisioningRoutes(this.eventBridge);
		this.queues = new SqsTransport(this.sqs);
	}

	@Override
	public Transport transport() {
		return this.transport;
	}

	@Override
	public List<Transport> transports() {
		return List.of(this.transport, this.queues);
	}

	@Override
	public Destination createDestination(String name, DestinationSpec spec) {
		String bus = name.replaceAll("[^.\\-_A-Za-z0-9]", "-");
		this.events.createEventBus(b -> b.name(bus)).join();
		return new Destination(name, EventBridgeTransport.NAME, bus, spec.retry(), DeadLetterPolicy.defaults(),
				spec.idempotency(), null, Map.of("source", "contract." + name), SubscriptionSettings.none(), null);
	}

	@Override
	public Destination deadLetterDestination(String name, Destination source, String listenerId) {
		String queue = EventBridgeTransport.defaultQueueName(source.resource(), listenerId, false);
		return Destination.of(name, SqsTransport.NAME, EventBridgeTransport.defaultDeadLetterQueueName(queue))
			.withEnvelope(EventBridgeTransport.NAME);
	}

	@Override
	public Destination deadLetterDestination(String name, Destination source) {
		throw new UnsupportedOperationException("EventBridge dead letters are per listener; name the listener");
	}

	@Override
	public Duration minimumRetryDelay() {
		// retries are SQS visibility changes on the target queue, counted in whole seconds
		return Duration.ofSeconds(1);
	}

	@Override
	public void close() {
		this.events.close();
		this.sqs.close();
	}

	/**
	 * The adapter under test, with every route prepared as {@code ferry.provision=true} would: the
	 * fixture's way of creating each listener's resources.
	 */
	private static final class ProvisioningRoutes implements PublishOnlyTransport {

		private final EventBridgeTransport delegate;

		ProvisioningRoutes(EventBridgeTransport delegate) {
			this.delegate = delegate;
		}

		@Override
		public String name() {
			return this.delegate.name();
		}

		@Override
		public TransportCapabilities capabilities(Destination destination) {
			return this.delegate.capabilities(destination);
		}

		@Override
		public void prepare(Destination destination, boolean provision) {
			this.delegate.prepare(destination, provision);
		}

		@Override
		public long maxMessageBytes(Destination destination) {
			return this.delegate.maxMessageBytes(destination);
		}

		@Override
		public long sizeOf(EncodedMessage message) {
			return this.delegate.sizeOf(message);
		}

		@Override
		public java.util.concurrent.CompletableFuture<List<SendResult>> send(Destination destination,
				List<EncodedMessage> messages) {
			return this.delegate.send(destination, messages);
		}

		/**
		 * Creates the listener's resources as soon as it is declared: the suite publishes before it
		 * starts Ferry, and a bus delivers only to rules that exist when the event arrives (as in a
		 * deployment, where subscriptions exist before producers publish).
		 */
		@Override
		public QueueRoute route(Destination destination, String listenerId) {
			QueueRoute route = this.delegate.route(destination, listenerId);
			this.delegate.prepareRoute(route, true);
			return route;
		}

		@Override
		public void prepareRoute(QueueRoute route, boolean provision) {
			this.delegate.prepareRoute(route, true);
		}

		@Override
		public InboundDecoding decoding(Destination queue) {
			return this.delegate.decoding(queue);
		}

	}

}
