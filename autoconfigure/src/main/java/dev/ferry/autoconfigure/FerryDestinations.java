package dev.ferry.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.SubscriptionSettings;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.destination.Durations;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Turns {@code ferry.destinations.*} into validated {@link Destination}s and answers the listener
 * defaults of each destination. Every failure names the leaf property to change and echoes the value
 * as it was written (read back from the environment; a duration not found there is shown in Boot's
 * style, {@code -1s}, never as {@code PT-1S}).
 */
public final class FerryDestinations {

	/** Subscription property keys the typed {@code subscription.*} fields become. */
	static final String RAW_DELIVERY = "raw-delivery";

	static final String FILTER_POLICY = "filter-policy";

	static final String FILTER_POLICY_SCOPE = "filter-policy-scope";

	private final FerryProperties properties;

	private final @Nullable PropertyResolver environment;

	private final List<Destination> destinations;

	public FerryDestinations(FerryProperties properties) {
		this(properties, null);
	}

	/**
	 * @param environment where the properties were bound from, to echo values as written in errors
	 */
	public FerryDestinations(FerryProperties properties, @Nullable PropertyResolver environment) {
		this.properties = properties;
		this.environment = environment;
		validateListenerDefaults(properties.getListener());
		List<Destination> built = new ArrayList<>();
		properties.getDestinations().forEach((name, destination) -> built.add(build(name, destination)));
		this.destinations = List.copyOf(built);
	}

	/** The destinations, in configuration order. */
	public List<Destination> all() {
		return this.destinations;
	}

	/** Listener concurrency for the destination when the annotation sets none. */
	public int concurrency(String destination) {
		FerryProperties.Destination configured = this.properties.getDestinations().get(destination);
		Integer concurrency = configured != null ? configured.getConcurrency() : null;
		return concurrency != null ? concurrency : this.properties.getListener().getConcurrency();
	}

	/** Listener processing timeout for the destination. */
	public Duration processingTimeout(String destination) {
		FerryProperties.Destination configured = this.properties.getDestinations().get(destination);
		Duration timeout = configured != null ? configured.getProcessingTimeout() : null;
		return timeout != null ? timeout : this.properties.getListener().getProcessingTimeout();
	}

	private Destination build(String name, FerryProperties.Destination configured) {
		String prefix = "ferry.destinations." + name;
		String transport = StringUtils.hasText(configured.getTransport()) ? configured.getTransport()
				: this.properties.getDefaultTransport();
		if (!StringUtils.hasText(transport)) {
			throw new FerryConfigurationException("Destination '" + name + "' has no transport. Set " + prefix
					+ ".transport, or ferry.default-transport for every destination (for example 'sqs', 'kafka', "
					+ "or 'in-memory' for tests and local runs)");
		}
		String resource = StringUtils.hasText(configured.getResource()) ? configured.getResource() : name;
		if (configured.getConcurrency() != null && configured.getConcurrency() < 1) {
			throw invalid(prefix + ".concurrency", "must be at least 1, was " + written(prefix + ".concurrency",
					configured.getConcurrency()));
		}
		positive(prefix + ".poll-timeout", configured.getPollTimeout());
		positive(prefix + ".processing-timeout", configured.getProcessingTimeout());
		RetryPolicy retry = retry(prefix, configured.getRetry());
		DeadLetterPolicy deadLetter = new DeadLetterPolicy(configured.getDeadLetter().isEnabled(),
				StringUtils.hasText(configured.getDeadLetter().getResource()) ? configured.getDeadLetter().getResource()
						: null);
		IdempotencySettings idempotency = idempotency(prefix, configured.getIdempotency());
		Long maxBytes = configured.getMaxMessageSize() != null ? configured.getMaxMessageSize().toBytes() : null;
		if (maxBytes != null && maxBytes < 1) {
			throw invalid(prefix + ".max-message-size", "must be positive, was "
					+ written(prefix + ".max-message-size", configured.getMaxMessageSize()));
		}
		Map<String, String> transportProperties = new LinkedHashMap<>(configured.getProperties());
		if (configured.getPollTimeout() != null) {
			// The runtime reads a destination's poll timeout from its properties.
			transportProperties.put("poll-timeout", configured.getPollTimeout().toString());
		}
		if (configured.getProcessingTimeout() != null) {
			// Transports size what they create and check from it (SQS visibility), listeners or not.
			transportProperties.putIfAbsent("processing-timeout", configured.getProcessingTimeout().toString());
		}
		if (configured.isCompetingListeners()) {
			transportProperties.put(Destination.COMPETING_LISTENERS, "true");
		}
		return new Destination(name, transport, resource, retry, deadLetter, idempotency, maxBytes,
				transportProperties, subscription(configured.getSubscription()),
				StringUtils.hasText(configured.getEnvelope()) ? configured.getEnvelope().trim() : null);
	}

	/** Typed fields and free properties become one map the publishing transport reads with a PropertyReader. */
	private static SubscriptionSettings subscription(FerryProperties.Subscription configured) {
		Map<String, SubscriptionSettings> listeners = new LinkedHashMap<>();
		configured.getListeners().forEach((id, listener) -> listeners.put(id, new SubscriptionSettings(null,
				text(listener.getQueue()), text(listener.getDeadLetterQueue()),
				subscriptionProperties(listener.getProperties(), listener.getRawDelivery(), listener.getFilterPolicy(),
						listener.getFilterPolicyScope()),
				Map.of())));
		return new SubscriptionSettings(text(configured.getTransport()), text(configured.getQueue()),
				text(configured.getDeadLetterQueue()),
				subscriptionProperties(configured.getProperties(), configured.getRawDelivery(),
						configured.getFilterPolicy(), configured.getFilterPolicyScope()),
				listeners);
	}

	private static Map<String, String> subscriptionProperties(Map<String, String> free, @Nullable Boolean rawDelivery,
			@Nullable String filterPolicy, @Nullable String filterPolicyScope) {
		Map<String, String> properties = new LinkedHashMap<>(free);
		if (rawDelivery != null) {
			properties.put(RAW_DELIVERY, rawDelivery.toString());
		}
		if (StringUtils.hasText(filterPolicy)) {
			properties.put(FILTER_POLICY, filterPolicy.trim());
		}
		if (StringUtils.hasText(filterPolicyScope)) {
			properties.put(FILTER_POLICY_SCOPE, filterPolicyScope.trim());
		}
		return properties;
	}

	private static @Nullable String text(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

	/** Checks each retry setting under its own name before {@link RetryPolicy} sees them. */
	private RetryPolicy retry(String prefix, FerryProperties.Retry retry) {
		String at = prefix + ".retry.";
		if (retry.getMaxAttempts() < 1) {
			throw invalid(at + "max-attempts", "must be at least 1, was " + written(at + "max-attempts",
					retry.getMaxAttempts()));
		}
		if (retry.getInitialDelay().isNegative()) {
			throw invalid(at + "initial-delay", "must not be negative, was " + written(at + "initial-delay",
					retry.getInitialDelay()));
		}
		if (retry.getMultiplier() < 1.0) {
			throw invalid(at + "multiplier", "must be at least 1.0, was " + written(at + "multiplier",
					retry.getMultiplier()));
		}
		if (retry.getMaxDelay().compareTo(retry.getInitialDelay()) < 0) {
			throw invalid(at + "max-delay", "must not be below " + at + "initial-delay ("
					+ written(at + "initial-delay", retry.getInitialDelay()) + "), was "
					+ written(at + "max-delay", retry.getMaxDelay()));
		}
		if (retry.getJitter() < 0 || retry.getJitter() > 1) {
			throw invalid(at + "jitter", "must be between 0 and 1, was " + written(at + "jitter", retry.getJitter()));
		}
		return new RetryPolicy(retry.getMaxAttempts(), retry.getInitialDelay(), retry.getMultiplier(),
				retry.getMaxDelay(), retry.getJitter());
	}

	/** Names the property a value came from: the destination's own, else the global default. */
	private IdempotencySettings idempotency(String prefix, FerryProperties.DestinationIdempotency configured) {
		FerryProperties.Idempotency global = this.properties.getIdempotency();
		boolean enabled = configured.getEnabled() != null ? configured.getEnabled() : global.isEnabled();
		Duration ttl = configured.getRecordTtl() != null ? configured.getRecordTtl() : global.getRecordTtl();
		String ttlProperty = configured.getRecordTtl() != null ? prefix + ".idempotency.record-ttl"
				: "ferry.idempotency.record-ttl";
		Duration lease = configured.getLease() != null ? configured.getLease() : global.getLease();
		String leaseProperty = configured.getLease() != null ? prefix + ".idempotency.lease" : "ferry.idempotency.lease";
		positive(ttlProperty, ttl);
		if (lease.compareTo(IdempotencySettings.MINIMUM_LEASE) < 0) {
			throw invalid(leaseProperty, "must be at least " + Durations.format(IdempotencySettings.MINIMUM_LEASE)
					+ ", was " + written(leaseProperty, lease));
		}
		return new IdempotencySettings(enabled, ttl, lease);
	}

	private void validateListenerDefaults(FerryProperties.Listener listener) {
		if (listener.getConcurrency() < 1) {
			throw invalid("ferry.listener.concurrency", "must be at least 1, was "
					+ written("ferry.listener.concurrency", listener.getConcurrency()));
		}
		positive("ferry.listener.poll-timeout", listener.getPollTimeout());
		positive("ferry.listener.processing-timeout", listener.getProcessingTimeout());
	}

	private void positive(String property, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw invalid(property, "must be positive, was " + written(property, value));
		}
	}

	/** The value as the user wrote it, when the environment still has it; else a readable rendering. */
	String written(String property, Object value) {
		return written(this.environment, property, value);
	}

	static String written(@Nullable PropertyResolver environment, String property, Object value) {
		String raw = null;
		try {
			raw = environment != null ? environment.getProperty(property) : null;
		}
		catch (RuntimeException ex) {
			// an unresolvable placeholder: fall back to the bound value
		}
		if (raw != null && !raw.isBlank()) {
			return raw.trim();
		}
		return value instanceof Duration duration ? Durations.format(duration) : String.valueOf(value);
	}

	static FerryConfigurationException invalid(String property, String problem) {
		return new FerryConfigurationException("Invalid " + property + ": " + problem + ". Change " + property
				+ " in your application properties");
	}

}
