package dev.ferry.transport.sns;

import java.util.Locale;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.PropertyReader;
import dev.ferry.core.destination.SubscriptionSettings;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The subscription of one listener id to an SNS destination, from
 * {@code ferry.destinations.<name>.subscription.*} and {@code ...subscription.listeners.<id>.*},
 * validated with messages naming the property.
 *
 * @param queueTransport transport of the subscription queue
 * @param queue the queue (name, URL or ARN); by default {@code <topic>-<listener id>}, with
 * {@code .fifo} on a FIFO topic
 * @param deadLetterQueue the subscription's dead-letter queue; by default {@code <queue>-dlq}
 * @param rawDelivery {@code raw-delivery}: whether SNS delivers the message without its envelope
 * (default true)
 * @param filterPolicy {@code filter-policy}: the filter policy JSON, or null for none
 * @param filterPolicyScope {@code filter-policy-scope}: what the policy applies to
 * @param maxReceiveCount {@code max-receive-count}: redrive maxReceiveCount of a provisioned queue
 */
public record SnsSubscriptionSettings(String queueTransport, String queue, String deadLetterQueue, boolean rawDelivery,
		@Nullable String filterPolicy, FilterPolicyScope filterPolicyScope, @Nullable Integer maxReceiveCount) {

	public static final String RAW_DELIVERY = "raw-delivery";

	public static final String FILTER_POLICY = "filter-policy";

	public static final String FILTER_POLICY_SCOPE = "filter-policy-scope";

	public static final String MAX_RECEIVE_COUNT = "max-receive-count";

	/** Longest SQS queue name. */
	private static final int MAX_QUEUE_NAME = 80;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** SNS's FilterPolicyScope values. https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering-scope.html */
	public enum FilterPolicyScope {

		MESSAGE_ATTRIBUTES("MessageAttributes"), MESSAGE_BODY("MessageBody");

		private final String value;

		FilterPolicyScope(String value) {
			this.value = value;
		}

		/** The attribute value SNS expects. */
		public String value() {
			return this.value;
		}

	}

	public static SnsSubscriptionSettings of(Destination destination, String listenerId, SnsOptions options) {
		SubscriptionSettings subscription = destination.subscription();
		SubscriptionSettings own = subscription.forListener(listenerId);
		PropertyReader reader = subscription.reader(destination, listenerId);
		boolean fifo = SnsDestinationProperties.of(destination).fifo();
		String queue = own.queue() != null ? own.queue() : defaultQueue(destination, listenerId, fifo);
		String deadLetterQueue = own.deadLetterQueue() != null ? own.deadLetterQueue() : deadLetterName(queueName(queue));
		String filterPolicy = reader.string(FILTER_POLICY);
		if (filterPolicy != null) {
			JsonNode parsed;
			try {
				parsed = MAPPER.readTree(filterPolicy);
			}
			catch (JacksonException ex) {
				throw reader.invalid(FILTER_POLICY, "must be a JSON object, was '" + filterPolicy + "'");
			}
			if (parsed == null || !parsed.isObject() || parsed.isEmpty()) {
				throw reader.invalid(FILTER_POLICY, "must be a non-empty JSON object, was '" + filterPolicy + "'");
			}
		}
		FilterPolicyScope scope = reader.enumValue(FILTER_POLICY_SCOPE, FilterPolicyScope.class);
		if (fifo && !queueName(queue).endsWith(".fifo")) {
			throw new dev.ferry.core.FerryConfigurationException("Invalid "
					+ subscription.propertyName(destination, listenerId, "queue") + ": SNS FIFO topic '"
					+ destination.resource() + "' delivers only to FIFO queues (names ending in .fifo), was '" + queue + "'");
		}
		return new SnsSubscriptionSettings(own.transport() != null ? own.transport() : options.queueTransport(), queue,
				deadLetterQueue, reader.bool(RAW_DELIVERY, true), filterPolicy,
				scope != null ? scope : FilterPolicyScope.MESSAGE_ATTRIBUTES,
				reader.integer(MAX_RECEIVE_COUNT, 1, 1000));
	}

	/** {@code <topic>-<listener id>}, cut to SQS's 80 characters, with {@code .fifo} on FIFO topics. */
	static String defaultQueue(Destination destination, String listenerId, boolean fifo) {
		String topic = SnsTopic.nameOf(destination.resource());
		if (topic.endsWith(".fifo")) {
			topic = topic.substring(0, topic.length() - 5);
		}
		String base = (topic + "-" + listenerId).replaceAll("[^A-Za-z0-9_-]", "-");
		String suffix = fifo ? ".fifo" : "";
		// leave room for -dlq on the dead-letter queue
		int room = MAX_QUEUE_NAME - suffix.length() - 4;
		return (base.length() > room ? base.substring(0, room) : base) + suffix;
	}

	/** {@code <name>-dlq}, keeping {@code .fifo}. */
	static String deadLetterName(String queueName) {
		return queueName.toLowerCase(Locale.ROOT).endsWith(".fifo")
				? queueName.substring(0, queueName.length() - 5) + "-dlq.fifo" : queueName + "-dlq";
	}

	/** The queue name of a name, URL or ARN. */
	static String queueName(String resource) {
		int slash = resource.lastIndexOf('/');
		int colon = resource.lastIndexOf(':');
		return resource.substring(Math.max(slash, colon) + 1);
	}

}
