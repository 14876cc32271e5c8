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
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * Turns {@code ferry.destinations.*} into validated {@link Destination}s and answers the listener
 * defaults of each destination. Every failure names the property to change.
 */
public final class FerryDestinations {

	/** Subscription property keys the typed {@code subscription.*} fields become. */
	static final String RAW_DELIVERY = "raw-delivery";

	static final String FILTER_POLICY = "filter-policy";

	static final String FILTER_POLICY_SCOPE = "filter-policy-scope";

	private final FerryProperties properties;

	private final List<Destination> destinations;

	public FerryDestinations(FerryProperties properties) {
		this.properties = properties;
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
			throw invalid(prefix + ".concurrency", "must be at least 1, was " + configured.getConcurrency());
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
			throw invalid(prefix + ".max-message-size", "must be positive, was " + configured.getMaxMessageSize());
		}
		Map<String, String> transportProperties = new LinkedHashMap<>(configured.getProperties());
		if (configured.getPollTimeout() != null) {
			// The runtime reads a destination's poll timeout from its properties.
			transportProperties.put("poll-timeout", configured.getPollTimeout().toString());
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

	private static RetryPolicy retry(String prefix, FerryProperties.Retry retry) {
		try {
			return new RetryPolicy(retry.getMaxAttempts(), retry.getInitialDelay(), retry.getMultiplier(),
					retry.getMaxDelay(), retry.getJitter());
		}
		catch (FerryConfigurationException ex) {
			throw new FerryConfigurationException("Invalid " + prefix + ".retry: " + ex.getMessage());
		}
	}

	private IdempotencySettings idempotency(String prefix, FerryProperties.DestinationIdempotency configured) {
		FerryProperties.Idempotency global = this.properties.getIdempotency();
		boolean enabled = configured.getEnabled() != null ? configured.getEnabled() : global.isEnabled();
		Duration ttl = configured.getRecordTtl() != null ? configured.getRecordTtl() : global.getRecordTtl();
		Duration lease = configured.getLease() != null ? configured.getLease() : global.getLease();
		try {
			return new IdempotencySettings(enabled, ttl, lease);
		}
		catch (FerryConfigurationException ex) {
			throw new FerryConfigurationException("Invalid " + prefix + ".idempotency (or ferry.idempotency): "
					+ ex.getMessage());
		}
	}

	private static void validateListenerDefaults(FerryProperties.Listener listener) {
		if (listener.getConcurrency() < 1) {
			throw invalid("ferry.listener.concurrency", "must be at least 1, was " + listener.getConcurrency());
		}
		positive("ferry.listener.poll-timeout", listener.getPollTimeout());
		positive("ferry.listener.processing-timeout", listener.getProcessingTimeout());
	}

	private static void positive(String property, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw invalid(property, "must be positive, was " + value);
		}
	}

	static FerryConfigurationException invalid(String property, String problem) {
		return new FerryConfigurationException("Invalid " + property + ": " + problem + ". Change " + property
				+ " in your application properties");
	}

}
