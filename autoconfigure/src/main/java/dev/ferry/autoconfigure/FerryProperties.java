package dev.ferry.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.core.hardening.HardeningMode;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of Ferry ({@code ferry.*}). Only binds; {@link FerryDestinations} turns
 * destinations into validated {@link dev.ferry.core.destination.Destination}s.
 */
@ConfigurationProperties("ferry")
public class FerryProperties {

	/**
	 * Transport of destinations that name none ("in-memory", "sqs", "kafka", ...). No default: a
	 * destination without a transport fails start-up unless this is set.
	 */
	private @Nullable String defaultTransport;

	/**
	 * Destinations by logical name; code publishes to and listens on these names only.
	 */
	private Map<String, Destination> destinations = new LinkedHashMap<>();

	/**
	 * Whether missing resources (queues, topics, streams) are created at start-up with hardened
	 * defaults.
	 */
	private boolean provision;

	/**
	 * Longest wait for in-flight messages per listener when the application stops.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	private final Hardening hardening = new Hardening();

	private final Idempotency idempotency = new Idempotency();

	private final Listener listener = new Listener();

	private final Observation observation = new Observation();

	public @Nullable String getDefaultTransport() {
		return this.defaultTransport;
	}

	public void setDefaultTransport(@Nullable String defaultTransport) {
		this.defaultTransport = defaultTransport;
	}

	public Map<String, Destination> getDestinations() {
		return this.destinations;
	}

	public void setDestinations(Map<String, Destination> destinations) {
		this.destinations = destinations;
	}

	public boolean isProvision() {
		return this.provision;
	}

	public void setProvision(boolean provision) {
		this.provision = provision;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Hardening getHardening() {
		return this.hardening;
	}

	public Idempotency getIdempotency() {
		return this.idempotency;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Observation getObservation() {
		return this.observation;
	}

	/** Observations of publishing and processing, and the trace context they carry. */
	public static class Observation {

		/**
		 * Whether publishing and processing are observed through the application's
		 * ObservationRegistry (ferry.publish and ferry.process), which carries the trace context
		 * in message headers (W3C traceparent).
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** Start-up hardening checks. */
	public static class Hardening {

		/**
		 * What start-up does with hardening findings: off (no checks), warn (log the report) or
		 * enforce (fail start-up on any warning or critical finding).
		 */
		private HardeningMode mode = HardeningMode.WARN;

		/**
		 * Findings accepted on purpose, each with a rule id, an optional resource pattern and a
		 * mandatory reason. A suppressed finding is still reported, with its reason, but does not
		 * fail enforce; a rule id no inspector knows fails start-up.
		 */
		private List<Suppression> suppressions = new ArrayList<>();

		public HardeningMode getMode() {
			return this.mode;
		}

		public void setMode(HardeningMode mode) {
			this.mode = mode;
		}

		public List<Suppression> getSuppressions() {
			return this.suppressions;
		}

		public void setSuppressions(List<Suppression> suppressions) {
			this.suppressions = suppressions;
		}

	}

	/** One accepted hardening finding ({@code ferry.hardening.suppressions[i]}). */
	public static class Suppression {

		/**
		 * Rule id of the finding to accept, e.g. SQS-KMS-001.
		 */
		private @Nullable String rule;

		/**
		 * Glob over the finding's resource (queue ARN or URL, topic); * matches any characters.
		 * Unset accepts the rule on every resource.
		 */
		private @Nullable String resource;

		/**
		 * Why the finding is accepted; required, and printed with the finding.
		 */
		private @Nullable String reason;

		public @Nullable String getRule() {
			return this.rule;
		}

		public void setRule(@Nullable String rule) {
			this.rule = rule;
		}

		public @Nullable String getResource() {
			return this.resource;
		}

		public void setResource(@Nullable String resource) {
			this.resource = resource;
		}

		public @Nullable String getReason() {
			return this.reason;
		}

		public void setReason(@Nullable String reason) {
			this.reason = reason;
		}

	}

	/** Global idempotency defaults; destinations may override each. */
	public static class Idempotency {

		/**
		 * Whether listeners suppress duplicates through the idempotency store unless their
		 * destination or annotation says otherwise.
		 */
		private boolean enabled = true;

		/**
		 * How long a completed key suppresses duplicates.
		 */
		private Duration recordTtl = Duration.ofHours(1);

		/**
		 * How long an in-progress key is held without renewal; bounds how long a crashed consumer
		 * blocks redelivery of its message.
		 */
		private Duration lease = Duration.ofMinutes(1);

		/**
		 * Most keys the in-memory idempotency store keeps; beyond it the oldest completed ones are
		 * dropped first (a lease still held never is). Each key held costs about 250 bytes of heap
		 * (100,000 keys: about 25 MB).
		 */
		private long maximumSize = 100_000; // InMemoryIdempotencyStore.DEFAULT_MAXIMUM_SIZE, as a literal for the metadata

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRecordTtl() {
			return this.recordTtl;
		}

		public void setRecordTtl(Duration recordTtl) {
			this.recordTtl = recordTtl;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

	}

	/** Defaults of every listener; a destination or an annotation may override each. */
	public static class Listener {

		/**
		 * Batches each listener processes at the same time.
		 */
		private int concurrency = 1;

		/**
		 * Expected longest handling time of one message or batch; sizes the visibility timeout
		 * and the heartbeat that extends it.
		 */
		private Duration processingTimeout = Duration.ofSeconds(30);

		/**
		 * Longest wait of one receive poll (20 seconds is the SQS long-polling maximum).
		 */
		private Duration pollTimeout = Duration.ofSeconds(20);

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public Duration getProcessingTimeout() {
			return this.processingTimeout;
		}

		public void setProcessingTimeout(Duration processingTimeout) {
			this.processingTimeout = processingTimeout;
		}

		public Duration getPollTimeout() {
			return this.pollTimeout;
		}

		public void setPollTimeout(Duration pollTimeout) {
			this.pollTimeout = pollTimeout;
		}

	}

	/** One destination ({@code ferry.destinations.<name>.*}). */
	public static class Destination {

		/**
		 * Transport that carries this destination; falls back to ferry.default-transport.
		 */
		private @Nullable String transport;

		/**
		 * Physical resource: queue name or URL, topic ARN, stream name, Kafka topic. Defaults to
		 * the logical name.
		 */
		private @Nullable String resource;

		/**
		 * Largest message accepted for publishing; defaults to the transport's limit.
		 */
		private @Nullable DataSize maxMessageSize;

		/**
		 * Batches each listener of this destination processes at the same time; defaults to
		 * ferry.listener.concurrency.
		 */
		private @Nullable Integer concurrency;

		/**
		 * Longest wait of one receive poll; defaults to ferry.listener.poll-timeout.
		 */
		private @Nullable Duration pollTimeout;

		/**
		 * Expected longest handling time; defaults to ferry.listener.processing-timeout.
		 */
		private @Nullable Duration processingTimeout;

		/**
		 * Whether listeners with different ids on this destination share its messages on purpose,
		 * each message reaching one of them. Required for more than one listener id on a plain SQS
		 * queue; without it each listener id receives every message where the transport can fan
		 * out, and a plain queue refuses a second listener id.
		 */
		private boolean competingListeners;

		/**
		 * Transport-specific settings, passed to the transport as is (for example fifo,
		 * kms-key-id).
		 */
		private Map<String, String> properties = new LinkedHashMap<>();

		/**
		 * Transport whose envelope the messages of this queue carry (for example sns), for a
		 * queue that Ferry does not consume through a subscription: an SNS subscription's
		 * dead-letter queue, a queue subscribed outside Ferry.
		 */
		private @Nullable String envelope;

		private final Subscription subscription = new Subscription();

		private final Retry retry = new Retry();

		private final DeadLetter deadLetter = new DeadLetter();

		private final DestinationIdempotency idempotency = new DestinationIdempotency();

		public @Nullable String getTransport() {
			return this.transport;
		}

		public void setTransport(@Nullable String transport) {
			this.transport = transport;
		}

		public @Nullable String getResource() {
			return this.resource;
		}

		public void setResource(@Nullable String resource) {
			this.resource = resource;
		}

		public @Nullable DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(@Nullable DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable Duration getPollTimeout() {
			return this.pollTimeout;
		}

		public void setPollTimeout(@Nullable Duration pollTimeout) {
			this.pollTimeout = pollTimeout;
		}

		public @Nullable Duration getProcessingTimeout() {
			return this.processingTimeout;
		}

		public void setProcessingTimeout(@Nullable Duration processingTimeout) {
			this.processingTimeout = processingTimeout;
		}

		public boolean isCompetingListeners() {
			return this.competingListeners;
		}

		public void setCompetingListeners(boolean competingListeners) {
			this.competingListeners = competingListeners;
		}

		public Map<String, String> getProperties() {
			return this.properties;
		}

		public void setProperties(Map<String, String> properties) {
			this.properties = properties;
		}

		public @Nullable String getEnvelope() {
			return this.envelope;
		}

		public void setEnvelope(@Nullable String envelope) {
			this.envelope = envelope;
		}

		public Subscription getSubscription() {
			return this.subscription;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public DeadLetter getDeadLetter() {
			return this.deadLetter;
		}

		public DestinationIdempotency getIdempotency() {
			return this.idempotency;
		}

	}

	/**
	 * How a destination of a publish-only transport (sns, eventbridge) is consumed
	 * ({@code ferry.destinations.<name>.subscription.*}): every listener id gets its own queue;
	 * these are the defaults of every listener's subscription.
	 */
	public static class Subscription {

		/**
		 * Transport of the subscription queues; defaults to sqs.
		 */
		private @Nullable String transport;

		/**
		 * Subscription queue (name, URL or ARN) of a destination with one listener; by default
		 * each listener id gets a queue named after the resource and the listener id.
		 */
		private @Nullable String queue;

		/**
		 * Dead-letter queue of the subscription; defaults to the queue's name with -dlq.
		 */
		private @Nullable String deadLetterQueue;

		/**
		 * Whether messages are delivered without the publishing service's envelope (SNS raw
		 * message delivery); defaults to true.
		 */
		private @Nullable Boolean rawDelivery;

		/**
		 * Filter policy of the subscription, as JSON; no filter when unset.
		 */
		private @Nullable String filterPolicy;

		/**
		 * What the filter policy applies to: message-attributes (default) or message-body.
		 */
		private @Nullable String filterPolicyScope;

		/**
		 * Further settings of the publishing transport for the subscription, passed as is.
		 */
		private Map<String, String> properties = new LinkedHashMap<>();

		/**
		 * Per listener id, what differs from the defaults above (queue, dead-letter-queue,
		 * raw-delivery, filter-policy, filter-policy-scope, properties).
		 */
		private Map<String, SubscriptionListener> listeners = new LinkedHashMap<>();

		public @Nullable String getTransport() {
			return this.transport;
		}

		public void setTransport(@Nullable String transport) {
			this.transport = transport;
		}

		public @Nullable String getQueue() {
			return this.queue;
		}

		public void setQueue(@Nullable String queue) {
			this.queue = queue;
		}

		public @Nullable String getDeadLetterQueue() {
			return this.deadLetterQueue;
		}

		public void setDeadLetterQueue(@Nullable String deadLetterQueue) {
			this.deadLetterQueue = deadLetterQueue;
		}

		public @Nullable Boolean getRawDelivery() {
			return this.rawDelivery;
		}

		public void setRawDelivery(@Nullable Boolean rawDelivery) {
			this.rawDelivery = rawDelivery;
		}

		public @Nullable String getFilterPolicy() {
			return this.filterPolicy;
		}

		public void setFilterPolicy(@Nullable String filterPolicy) {
			this.filterPolicy = filterPolicy;
		}

		public @Nullable String getFilterPolicyScope() {
			return this.filterPolicyScope;
		}

		public void setFilterPolicyScope(@Nullable String filterPolicyScope) {
			this.filterPolicyScope = filterPolicyScope;
		}

		public Map<String, String> getProperties() {
			return this.properties;
		}

		public void setProperties(Map<String, String> properties) {
			this.properties = properties;
		}

		public Map<String, SubscriptionListener> getListeners() {
			return this.listeners;
		}

		public void setListeners(Map<String, SubscriptionListener> listeners) {
			this.listeners = listeners;
		}

	}

	/** The subscription of one listener id ({@code ...subscription.listeners.<id>.*}). */
	public static class SubscriptionListener {

		/**
		 * Subscription queue of this listener (name, URL or ARN).
		 */
		private @Nullable String queue;

		/**
		 * Dead-letter queue of this listener's subscription.
		 */
		private @Nullable String deadLetterQueue;

		/**
		 * Whether this listener's messages are delivered without the publishing service's
		 * envelope.
		 */
		private @Nullable Boolean rawDelivery;

		/**
		 * Filter policy of this listener's subscription, as JSON.
		 */
		private @Nullable String filterPolicy;

		/**
		 * What this listener's filter policy applies to: message-attributes or message-body.
		 */
		private @Nullable String filterPolicyScope;

		/**
		 * Further settings of the publishing transport for this listener's subscription.
		 */
		private Map<String, String> properties = new LinkedHashMap<>();

		public @Nullable String getQueue() {
			return this.queue;
		}

		public void setQueue(@Nullable String queue) {
			this.queue = queue;
		}

		public @Nullable String getDeadLetterQueue() {
			return this.deadLetterQueue;
		}

		public void setDeadLetterQueue(@Nullable String deadLetterQueue) {
			this.deadLetterQueue = deadLetterQueue;
		}

		public @Nullable Boolean getRawDelivery() {
			return this.rawDelivery;
		}

		public void setRawDelivery(@Nullable Boolean rawDelivery) {
			this.rawDelivery = rawDelivery;
		}

		public @Nullable String getFilterPolicy() {
			return this.filterPolicy;
		}

		public void setFilterPolicy(@Nullable String filterPolicy) {
			this.filterPolicy = filterPolicy;
		}

		public @Nullable String getFilterPolicyScope() {
			return this.filterPolicyScope;
		}

		public void setFilterPolicyScope(@Nullable String filterPolicyScope) {
			this.filterPolicyScope = filterPolicyScope;
		}

		public Map<String, String> getProperties() {
			return this.properties;
		}

		public void setProperties(Map<String, String> properties) {
			this.properties = properties;
		}

	}

	/** Retry of failed messages on one destination. */
	public static class Retry {

		/**
		 * Deliveries in all before a message is dead-lettered (1 means no retry).
		 */
		private int maxAttempts = 5;

		/**
		 * Delay before the second delivery.
		 */
		private Duration initialDelay = Duration.ofSeconds(1);

		/**
		 * Growth factor of the delay per attempt.
		 */
		private double multiplier = 2.0;

		/**
		 * Cap of the delay between deliveries.
		 */
		private Duration maxDelay = Duration.ofMinutes(5);

		/**
		 * Random deviation of each delay, as a fraction of it (0 to 1).
		 */
		private double jitter = 0.2;

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

	/** Dead-lettering of messages a listener gives up on. */
	public static class DeadLetter {

		/**
		 * Whether Ferry dead-letters rejected messages; when off they are left to the transport's
		 * own redelivery and native dead-letter queue.
		 */
		private boolean enabled = true;

		/**
		 * Physical dead-letter resource; defaults to the transport's choice (the queue's redrive
		 * target on SQS, "<topic>.DLT" on Kafka, "<resource>-dlq" in memory).
		 */
		private @Nullable String resource;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getResource() {
			return this.resource;
		}

		public void setResource(@Nullable String resource) {
			this.resource = resource;
		}

	}

	/** Idempotency of one destination's listeners; unset values fall back to ferry.idempotency. */
	public static class DestinationIdempotency {

		/**
		 * Whether listeners of this destination suppress duplicates; defaults to
		 * ferry.idempotency.enabled.
		 */
		private @Nullable Boolean enabled;

		/**
		 * How long a completed key suppresses duplicates; defaults to ferry.idempotency.record-ttl.
		 */
		private @Nullable Duration recordTtl;

		/**
		 * How long an in-progress key is held without renewal; defaults to ferry.idempotency.lease.
		 */
		private @Nullable Duration lease;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getRecordTtl() {
			return this.recordTtl;
		}

		public void setRecordTtl(@Nullable Duration recordTtl) {
			this.recordTtl = recordTtl;
		}

		public @Nullable Duration getLease() {
			return this.lease;
		}

		public void setLease(@Nullable Duration lease) {
			this.lease = lease;
		}

	}

}
