package dev.ferry.core.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.DefaultErrorClassifier;
import dev.ferry.core.consume.ErrorClassifier;
import dev.ferry.core.convert.JacksonPayloadConverter;
import dev.ferry.core.convert.PayloadConverter;
import dev.ferry.core.convert.TrustedTypes;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.DestinationRegistry;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.hardening.HardeningReport;
import dev.ferry.core.hardening.HardeningRunner;
import dev.ferry.core.hardening.Severity;
import dev.ferry.core.hardening.Suppression;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.core.idempotency.InMemoryIdempotencyStore;
import dev.ferry.core.idempotency.TransactionalInbox;
import dev.ferry.core.observation.ObservationTracePropagation;
import dev.ferry.core.observation.TracePropagation;
import dev.ferry.core.outbox.Outbox;
import dev.ferry.core.outbox.OutboxOptions;
import dev.ferry.core.publish.MessagePublisher;
import dev.ferry.core.transport.EnvelopeSupport;
import dev.ferry.core.transport.InboundDecoding;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.PublishOnlyTransport;
import dev.ferry.core.transport.QueueRoute;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.Subscription;
import dev.ferry.core.transport.Transport;
import dev.ferry.core.transport.TransportCapabilities;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's runtime: the configured transports and destinations, one publisher, and the listener
 * containers. This is where the consuming pipeline is assembled (converter → idempotency gate →
 * handler → outcome resolver). Spring Boot's auto-configuration builds one; plain Java code can too:
 *
 * <pre>{@code
 * Ferry ferry = Ferry.builder()
 *     .transport(new InMemoryTransport())
 *     .destination(Destination.of("orders", "in-memory", "orders"))
 *     .build();
 * ferry.listen(ListenerDefinition.builder("audit", "orders", Order.class, (order, ctx) -> audit(order)).build());
 * ferry.start();
 * ferry.publisher().publish("orders", new Order("o-1"));
 * }</pre>
 *
 * <p>{@link #start()} prepares every destination in use (checks the resource exists, or creates it
 * when provisioning is on), runs the hardening inspectors once, then starts the listeners.
 */
public final class Ferry implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Ferry.class);

	/** Receive poll timeout when the destination sets none (SQS long polling maximum). */
	private static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(20);

	/** Destination property holding the listener poll timeout. */
	static final String POLL_TIMEOUT = "poll-timeout";

	/**
	 * Destination property that turns the {@link Builder#transactionalInbox transactional inbox}
	 * off for the listeners of one destination ({@code false}); it is on for all by default.
	 */
	public static final String TRANSACTIONAL_INBOX_PROPERTY = "transactional-inbox";

	private final Map<String, Transport> transports;

	private final DestinationRegistry destinations;

	private final PayloadConverter converter;

	private final IdempotencyStore idempotencyStore;

	private final ErrorClassifier errorClassifier;

	private final ConsumeObserver observer;

	private final TracePropagation tracing;

	private final boolean provision;

	private final HardeningMode hardeningMode;

	private final Duration shutdownTimeout;

	private final Duration pollTimeout;

	private final List<Map.Entry<HardeningInspector, String>> extraInspectors;

	private final List<Suppression> suppressions;

	private final KeepAlive keepAlive = new KeepAlive();

	private final ScheduledExecutorService scheduler;

	private final Heartbeat heartbeat;

	private final MessagePublisher publisher;

	private final @Nullable TransactionalInbox inbox;

	private final @Nullable OutboxRelay outboxRelay;

	private final List<ListenerContainer> containers = new CopyOnWriteArrayList<>();

	private final List<QueueRoute> routes = new CopyOnWriteArrayList<>();

	private final Set<String> prepared = new HashSet<>();

	private volatile boolean running;

	private volatile @Nullable HardeningReport hardeningReport;

	private Ferry(Builder builder) {
		this.transports = Map.copyOf(builder.transports);
		this.destinations = new DestinationRegistry(builder.destinations);
		this.converter = builder.converter;
		this.idempotencyStore = builder.idempotencyStore;
		this.errorClassifier = builder.errorClassifier;
		this.observer = builder.observer;
		this.tracing = builder.tracing;
		this.provision = builder.provision;
		this.hardeningMode = builder.hardeningMode;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.pollTimeout = builder.pollTimeout;
		this.extraInspectors = List.copyOf(builder.inspectors);
		this.suppressions = List.copyOf(builder.suppressions);
		for (Destination destination : this.destinations.all()) {
			transport(destination);
		}
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
			Thread thread = Executors.defaultThreadFactory().newThread(runnable);
			thread.setName("ferry-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		this.scheduler = executor;
		this.heartbeat = new Heartbeat(executor);
		this.inbox = builder.inbox;
		this.outboxRelay = builder.outbox == null ? null
				: new OutboxRelay(builder.outbox, builder.outboxOptions, this.destinations, this::transportNamed);
		this.publisher = new DefaultMessagePublisher(this.destinations, this::transportNamed, this.converter,
				this.tracing, this.outboxRelay);
	}

	public static Builder builder() {
		return new Builder();
	}

	public MessagePublisher publisher() {
		return this.publisher;
	}

	public DestinationRegistry destinations() {
		return this.destinations;
	}

	public Collection<Transport> transports() {
		return this.transports.values();
	}

	public List<ListenerContainer> containers() {
		return List.copyOf(this.containers);
	}

	/** The listener with this id, if registered. */
	public Optional<ListenerContainer> container(String listenerId) {
		return this.containers.stream().filter(container -> container.id().equals(listenerId)).findFirst();
	}

	/** The transport of a destination (as configured; present once Ferry is built). */
	public Transport transportOf(Destination destination) {
		return transport(destination);
	}

	/** The report of the hardening run of {@link #start()}, or empty before it ran. */
	public Optional<HardeningReport> hardeningReport() {
		return Optional.ofNullable(this.hardeningReport);
	}

	public IdempotencyStore idempotencyStore() {
		return this.idempotencyStore;
	}

	/**
	 * Registers a listener; it starts with {@link #start()}, or at once when Ferry is running.
	 *
	 * <p>Each listener id is a subscriber of its own: where the transport can, it receives every
	 * message of the destination. On a transport whose listeners share one queue
	 * ({@link Transport#listenersShareMessages}, a plain SQS queue) a second listener id is refused
	 * unless the destination declares {@value Destination#COMPETING_LISTENERS}.
	 * @throws FerryConfigurationException when its destination is not configured, the id is taken,
	 * or listeners would silently share a queue
	 */
	public synchronized ListenerContainer listen(ListenerDefinition definition) {
		Destination destination = this.destinations.get(definition.destination());
		if (this.containers.stream().anyMatch(existing -> existing.id().equals(definition.id()))) {
			throw new FerryConfigurationException("Two listeners have the id '" + definition.id()
					+ "'; give one of them another id (@FerryListener(id = ...))");
		}
		Transport transport = transport(destination);
		checkFanOut(definition, destination, transport);
		QueueRoute route = null;
		Destination consumed = destination;
		InboundDecoding decoding = decoding(destination);
		if (transport instanceof PublishOnlyTransport publishing) {
			route = route(publishing, destination, definition.id());
			consumed = route.queue();
			decoding = route.decoding();
		}
		Transport receiving = route != null ? transportNamed(consumed.transport()) : transport;
		TransportCapabilities capabilities = receiving.capabilities(consumed);
		InboundProcessor pipeline = pipeline(definition, capabilities);
		int maxBatch = definition.maxBatchSize() > 0 ? Math.min(definition.maxBatchSize(), capabilities.maxBatchSize())
				: capabilities.maxBatchSize();
		Duration poll = destination.settings().duration(POLL_TIMEOUT);
		ReceiveSettings settings = new ReceiveSettings(definition.id(), definition.concurrency(), definition.isBatch(),
				maxBatch, definition.processingTimeout(), poll != null ? poll : this.pollTimeout, decoding);
		ListenerStats stats = new ListenerStats();
		Subscription subscription = receiving.subscribe(consumed, settings, stats.observe(pipeline));
		ListenerContainer container = new ListenerContainer(definition, destination, subscription, stats,
				this.shutdownTimeout);
		this.containers.add(container);
		if (route != null) {
			this.routes.add(route);
		}
		if (this.running) {
			prepare(destination);
			if (route != null) {
				prepare(route);
			}
			container.start();
			this.keepAlive.start();
		}
		return container;
	}

	private void checkFanOut(ListenerDefinition definition, Destination destination, Transport transport) {
		if (!transport.listenersShareMessages(destination)) {
			return;
		}
		for (ListenerContainer existing : this.containers) {
			Destination other = existing.destination();
			boolean sameQueue = other.transport().equals(destination.transport())
					&& other.resource().equals(destination.resource());
			if (sameQueue && !(competing(destination) && competing(other))) {
				String declare = other.name().equals(destination.name())
						? destination.configPrefix() + "." + Destination.COMPETING_LISTENERS + "=true"
						: destination.configPrefix() + "." + Destination.COMPETING_LISTENERS + "=true and "
								+ other.configPrefix() + "." + Destination.COMPETING_LISTENERS + "=true";
				throw new FerryConfigurationException("Listeners '" + existing.id() + "' and '" + definition.id()
						+ "' both consume " + destination.transport() + " queue '" + destination.resource()
						+ "' (destination '" + destination.name() + "'). A queue shares its messages between its "
						+ "consumers: each message would reach only one of them, not both. To give every listener "
						+ "every message, fan out: publish to an SNS topic or EventBridge bus destination, on which "
						+ "each listener id gets a subscription queue of its own. To share the work on purpose, "
						+ "set " + declare + ".");
			}
		}
	}

	private static boolean competing(Destination destination) {
		return destination.booleanProperty(Destination.COMPETING_LISTENERS);
	}

	/** The routes of listeners on publish-only transports: which queue each listener reads. */
	public List<QueueRoute> routes() {
		return List.copyOf(this.routes);
	}

	private QueueRoute route(PublishOnlyTransport publishing, Destination destination, String listenerId) {
		QueueRoute route = publishing.route(destination, listenerId);
		for (QueueRoute existing : this.routes) {
			if (existing.queueReference().equals(route.queueReference())) {
				throw new FerryConfigurationException("Listeners '" + existing.listenerId() + "' and '" + listenerId
						+ "' would share the subscription queue " + route.queueReference() + ". Each listener id is "
						+ "its own subscriber and needs its own queue: set "
						+ destination.subscription().propertyName(destination, listenerId, "queue")
						+ " to another queue, or leave it unset to derive one from the listener id");
			}
		}
		transportNamed(route.queue().transport());
		return route;
	}

	/** The decoding of a destination whose {@code envelope} names a publishing transport. */
	private InboundDecoding decoding(Destination destination) {
		String envelope = destination.envelope();
		if (envelope == null) {
			return InboundDecoding.none();
		}
		Transport publishing = this.transports.get(envelope);
		if (!(publishing instanceof EnvelopeSupport support)) {
			throw new FerryConfigurationException("Destination '" + destination.name() + "' reads the envelope of '"
					+ envelope + "', which is not an available transport with an envelope. Fix "
					+ destination.configPrefix() + ".envelope (known transports: " + this.transports.keySet() + ")");
		}
		return support.decoding(destination);
	}

	/**
	 * The consuming pipeline of a listener, without a transport: converts, gates, invokes the
	 * handler and returns the outcomes. {@link #listen} feeds one of these from the destination's
	 * transport; tests and benchmarks can call it directly.
	 * @throws FerryConfigurationException when the listener's destination is not configured
	 */
	public InboundProcessor pipeline(ListenerDefinition definition) {
		Destination destination = this.destinations.get(definition.destination());
		return pipeline(definition, transport(destination).capabilities(destination));
	}

	private InboundProcessor pipeline(ListenerDefinition definition, TransportCapabilities capabilities) {
		Destination destination = this.destinations.get(definition.destination());
		// before any message of this listener arrives: its type decides which classes a type header may select
		this.converter.registerListenerType(definition.payloadType());
		IdempotencySettings idempotency = destination.idempotency();
		boolean idempotent = definition.idempotent() != null ? definition.idempotent() : idempotency.enabled();
		// the inbox is on unless the destination opts out with its transactional-inbox property
		TransactionalInbox inbox = this.inbox != null
				&& !"false".equalsIgnoreCase(destination.property(TRANSACTIONAL_INBOX_PROPERTY).orElse("true"))
						? this.inbox : null;
		IdempotencyGate gate = idempotent ? new IdempotencyGate(definition.id(), this.idempotencyStore, idempotency,
				definition.keyStrategy(), inbox) : null;
		return new ConsumerPipeline(definition, this.converter, gate,
				new OutcomeResolver(this.errorClassifier, destination.retry()), this.heartbeat,
				capabilities.orderedPerKey(), this.observer, idempotency.lease(), this.tracing, destination.transport());
	}

	/**
	 * Prepares destinations, runs hardening, starts listeners.
	 * @throws dev.ferry.core.hardening.HardeningException in enforce mode with findings
	 * @throws FerryConfigurationException when a resource is missing and provisioning is off
	 */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		for (Destination destination : this.destinations.all()) {
			prepare(destination);
		}
		for (QueueRoute route : this.routes) {
			prepare(route);
		}
		this.hardeningReport = inspect();
		if (this.outboxRelay != null) {
			this.outboxRelay.start();
		}
		for (ListenerContainer container : this.containers) {
			container.start();
		}
		if (!this.containers.isEmpty()) {
			this.keepAlive.start();
		}
		this.running = true;
	}

	/** Runs every transport's inspectors over its destinations and applies the hardening mode. */
	public HardeningReport inspect() {
		List<HardeningInspector> inspectors = new ArrayList<>();
		Map<HardeningInspector, List<Destination>> covered = new LinkedHashMap<>();
		for (Transport transport : this.transports.values()) {
			List<Destination> own = this.destinations.all().stream()
				.filter(destination -> destination.transport().equals(transport.name()))
				.toList();
			for (HardeningInspector inspector : transport.inspectors()) {
				inspectors.add(inspector);
				covered.put(inspector, own);
			}
		}
		HardeningInspector conversion = new ConversionInspector(this.converter);
		inspectors.add(conversion);
		covered.put(conversion, List.copyOf(this.destinations.all()));
		for (Map.Entry<HardeningInspector, String> extra : this.extraInspectors) {
			inspectors.add(extra.getKey());
			covered.put(extra.getKey(), this.destinations.all().stream()
				.filter(destination -> destination.transport().equals(extra.getValue()))
				.toList());
		}
		return new HardeningRunner(this.hardeningMode, this.suppressions).run(inspectors, covered::get);
	}

	/** Stops listeners gracefully (in-flight work finishes or is released). */
	public synchronized void stop() {
		if (this.outboxRelay != null) {
			this.outboxRelay.stop();
		}
		for (ListenerContainer container : this.containers) {
			try {
				container.stop(this.shutdownTimeout);
			}
			catch (RuntimeException ex) {
				logger.warn("Listener {} did not stop cleanly: {}", container.id(), ex.toString());
			}
		}
		this.keepAlive.stop();
		this.running = false;
	}

	public boolean isRunning() {
		return this.running;
	}

	/** Stops listeners, closes transports and the heartbeat scheduler. */
	@Override
	public synchronized void close() {
		stop();
		for (Transport transport : this.transports.values()) {
			try {
				transport.close();
			}
			catch (RuntimeException ex) {
				logger.warn("Transport {} did not close cleanly: {}", transport.name(), ex.toString());
			}
		}
		this.heartbeat.close();
		this.scheduler.shutdownNow();
	}

	private synchronized void prepare(Destination destination) {
		if (this.prepared.add(destination.name())) {
			transport(destination).prepare(destination, this.provision);
		}
	}

	/** The subscription first (it may create the queue with its policy), then the queue as its transport sees it. */
	private synchronized void prepare(QueueRoute route) {
		if (this.prepared.add("route:" + route.listenerId())) {
			((PublishOnlyTransport) transport(route.source())).prepareRoute(route, this.provision);
			transportNamed(route.queue().transport()).prepare(route.queue(), this.provision);
		}
	}

	private Transport transport(Destination destination) {
		Transport transport = this.transports.get(destination.transport());
		if (transport == null) {
			throw new FerryConfigurationException("Destination '" + destination.name() + "' uses transport '"
					+ destination.transport() + "', which is not available. Set " + destination.configPrefix()
					+ ".transport to one of " + this.transports.keySet()
					+ " (or add the transport's client library to the classpath)");
		}
		return transport;
	}

	private Transport transportNamed(String name) {
		Transport transport = this.transports.get(name);
		if (transport == null) {
			throw new FerryConfigurationException("Transport '" + name + "' is not available; known: "
					+ this.transports.keySet());
		}
		return transport;
	}

	/** Reports how far the converter trusts type headers, with the transports' findings. */
	private record ConversionInspector(PayloadConverter converter) implements HardeningInspector {

		@Override
		public String name() {
			return "conversion";
		}

		@Override
		public Set<String> ruleIds() {
			return Set.of(TrustedTypes.TRUST_ALL_RULE);
		}

		@Override
		public List<Finding> inspect(Collection<Destination> destinations) {
			if (!this.converter.trustsEveryType()) {
				return List.of();
			}
			return List.of(new Finding(TrustedTypes.TRUST_ALL_RULE, Severity.WARNING,
					"ferry.conversion.trusted-packages",
					"Every class is trusted (*): anyone who can send to a destination can name any class on the "
							+ "classpath in the ferry-type header and have it built for a listener of a broad type "
							+ "(Object, Map, an interface)",
					"List the packages of your message types instead of *, or remove the setting: the packages of "
							+ "the listeners' parameter types are trusted without it",
					"docs/security.md#trusted-types"));
		}

	}

	/** Builder for {@link Ferry}. */
	public static final class Builder {

		private final Map<String, Transport> transports = new LinkedHashMap<>();

		private final List<Destination> destinations = new ArrayList<>();

		private final List<Map.Entry<HardeningInspector, String>> inspectors = new ArrayList<>();

		private final List<Suppression> suppressions = new ArrayList<>();

		private PayloadConverter converter = new JacksonPayloadConverter();

		private IdempotencyStore idempotencyStore = new InMemoryIdempotencyStore();

		private ErrorClassifier errorClassifier = new DefaultErrorClassifier();

		private ConsumeObserver observer = ConsumeObserver.NONE;

		private TracePropagation tracing = TracePropagation.none();

		private boolean provision;

		private HardeningMode hardeningMode = HardeningMode.WARN;

		private Duration shutdownTimeout = Duration.ofSeconds(30);

		private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;

		private @Nullable TransactionalInbox inbox;

		private @Nullable Outbox outbox;

		private OutboxOptions outboxOptions = OutboxOptions.defaults();

		private Builder() {
		}

		public Builder transport(Transport transport) {
			if (this.transports.put(transport.name(), transport) != null) {
				throw new FerryConfigurationException("Two transports are named '" + transport.name() + "'");
			}
			return this;
		}

		public Builder destination(Destination destination) {
			this.destinations.add(destination);
			return this;
		}

		public Builder destinations(Collection<Destination> destinations) {
			this.destinations.addAll(destinations);
			return this;
		}

		/**
		 * Adds a hardening inspector besides the transports' own {@link Transport#inspectors()}; it
		 * inspects the destinations carried by the named transport.
		 */
		public Builder inspector(HardeningInspector inspector, String transportName) {
			this.inspectors.add(Map.entry(Objects.requireNonNull(inspector), Objects.requireNonNull(transportName)));
			return this;
		}

		public Builder converter(PayloadConverter converter) {
			this.converter = Objects.requireNonNull(converter);
			return this;
		}

		public Builder idempotencyStore(IdempotencyStore idempotencyStore) {
			this.idempotencyStore = Objects.requireNonNull(idempotencyStore);
			return this;
		}

		public Builder errorClassifier(ErrorClassifier errorClassifier) {
			this.errorClassifier = Objects.requireNonNull(errorClassifier);
			return this;
		}

		public Builder observer(ConsumeObserver observer) {
			this.observer = Objects.requireNonNull(observer);
			return this;
		}

		/**
		 * Observes publishing ({@code ferry.publish}) and processing ({@code ferry.process}) and
		 * carries the trace context in message headers; {@link ObservationRegistry#NOOP} (the
		 * default) turns this off. Needs {@code io.micrometer:micrometer-observation}.
		 */
		public Builder observationRegistry(ObservationRegistry registry) {
			return tracePropagation(ObservationTracePropagation.of(registry));
		}

		/** How trace context travels with messages; {@link TracePropagation#none()} by default. */
		public Builder tracePropagation(TracePropagation tracing) {
			this.tracing = Objects.requireNonNull(tracing);
			return this;
		}

		/** Whether missing resources are created with hardened defaults ({@code ferry.provision}). */
		public Builder provision(boolean provision) {
			this.provision = provision;
			return this;
		}

		/**
		 * Findings accepted on purpose ({@code ferry.hardening.suppressions}): still reported, with
		 * the reason, but they do not fail {@link HardeningMode#ENFORCE}. A suppression of a rule no
		 * inspector knows fails {@link #start()}.
		 */
		public Builder hardeningSuppressions(Collection<Suppression> suppressions) {
			this.suppressions.addAll(suppressions);
			return this;
		}

		public Builder hardeningMode(HardeningMode hardeningMode) {
			this.hardeningMode = Objects.requireNonNull(hardeningMode);
			return this;
		}

		/** How long {@link #stop()} waits for in-flight work per listener. */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout);
			return this;
		}

		/** Longest wait of one receive poll, unless a destination's {@code poll-timeout} property says otherwise. */
		public Builder pollTimeout(Duration pollTimeout) {
			this.pollTimeout = Objects.requireNonNull(pollTimeout);
			return this;
		}

		/**
		 * Runs idempotent listeners in inbox transactions: claim, handler and completion commit
		 * together (effectively once); the idempotency store must keep its records in the inbox's
		 * database. Destinations opt out with the {@value Ferry#TRANSACTIONAL_INBOX_PROPERTY} property
		 * {@code false}.
		 */
		public Builder transactionalInbox(@Nullable TransactionalInbox inbox) {
			this.inbox = inbox;
			return this;
		}

		/**
		 * Stores messages published inside a transaction on the outbox's database in that
		 * transaction, and relays them after the commit ({@code ferry.outbox.enabled}).
		 */
		public Builder outbox(@Nullable Outbox outbox, OutboxOptions options) {
			this.outbox = outbox;
			this.outboxOptions = Objects.requireNonNull(options);
			return this;
		}

		public Ferry build() {
			return new Ferry(this);
		}

	}

}
