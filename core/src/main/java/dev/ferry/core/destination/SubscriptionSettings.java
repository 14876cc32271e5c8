package dev.ferry.core.destination;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a destination of a publish-only transport (SNS, EventBridge) is consumed:
 * {@code ferry.destinations.<name>.subscription.*}. Each listener id is its own subscriber, so
 * each gets its own queue; the values here are the defaults of every listener's subscription, and
 * {@code listeners.<id>.*} overrides them for one listener.
 *
 * @param transport the transport of the subscription queue ({@code sqs} when null)
 * @param queue the subscription queue (name, URL or ARN); when null the publishing transport
 * derives one per listener id
 * @param deadLetterQueue the subscription's dead-letter queue; when null the publishing transport
 * derives one from the queue
 * @param properties settings of the publishing transport for the subscription
 * ({@code raw-delivery}, {@code filter-policy}, {@code filter-policy-scope} for SNS), read with
 * {@link #reader}
 * @param listeners per listener id, what differs from the defaults above (their own
 * {@code listeners} are ignored)
 */
public record SubscriptionSettings(@Nullable String transport, @Nullable String queue,
		@Nullable String deadLetterQueue, Map<String, String> properties,
		Map<String, SubscriptionSettings> listeners) {

	private static final SubscriptionSettings NONE = new SubscriptionSettings(null, null, null, Map.of(), Map.of());

	public SubscriptionSettings {
		properties = Map.copyOf(properties);
		listeners = Map.copyOf(listeners);
	}

	/** No settings: every listener gets the publishing transport's defaults. */
	public static SubscriptionSettings none() {
		return NONE;
	}

	/** The settings of one listener's subscription: its own values over the defaults. */
	public SubscriptionSettings forListener(String listenerId) {
		SubscriptionSettings own = this.listeners.get(listenerId);
		if (own == null) {
			return new SubscriptionSettings(this.transport, this.queue, this.deadLetterQueue, this.properties, Map.of());
		}
		Map<String, String> merged = new LinkedHashMap<>(this.properties);
		merged.putAll(own.properties);
		return new SubscriptionSettings(own.transport != null ? own.transport : this.transport,
				own.queue != null ? own.queue : this.queue,
				own.deadLetterQueue != null ? own.deadLetterQueue : this.deadLetterQueue, merged, Map.of());
	}

	/** Whether the listener names a queue of its own under {@code listeners.<id>.queue}. */
	public boolean hasOwnQueue(String listenerId) {
		SubscriptionSettings own = this.listeners.get(listenerId);
		return own != null && own.queue != null;
	}

	/**
	 * The listener's subscription properties as typed values; errors name the property where the
	 * value came from ({@code ...subscription.listeners.<id>.<key>} or {@code ...subscription.<key>}).
	 */
	public PropertyReader reader(Destination destination, String listenerId) {
		Objects.requireNonNull(listenerId, "listenerId");
		SubscriptionSettings own = this.listeners.get(listenerId);
		String base = destination.configPrefix() + ".subscription.";
		String listenerPrefix = base + "listeners." + listenerId + ".";
		return new PropertyReader(forListener(listenerId).properties(),
				key -> own != null && own.properties.containsKey(key) ? listenerPrefix + key : base + key);
	}

	/** The full name of a setting of the listener's subscription, for messages ({@code queue}, ...). */
	public String propertyName(Destination destination, String listenerId, String key) {
		String base = destination.configPrefix() + ".subscription.";
		return this.listeners.containsKey(listenerId) ? base + "listeners." + listenerId + "." + key : base + key;
	}

}
