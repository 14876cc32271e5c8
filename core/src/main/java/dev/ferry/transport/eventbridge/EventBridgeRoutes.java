package dev.ferry.transport.eventbridge;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.PropertyReader;
import dev.ferry.core.destination.SubscriptionSettings;
import dev.ferry.core.transport.InboundDecoding;
import dev.ferry.core.transport.QueueRoute;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Routes listeners of an EventBridge destination to their own SQS queues: each listener id is a
 * subscriber with its own queue, its own rule (the destination's pattern, or its own) and its own
 * target, whose dead-letter queue also takes the messages Ferry gives up on. Reads the settings
 * {@code ferry.destinations.<name>.subscription.queue}, {@code .dead-letter-queue} and, under
 * {@code subscription.properties.*} (per listener: {@code subscription.listeners.<id>.*}):
 *
 * <ul>
 * <li>{@code queue}: the target queue; default {@code <bus>-<listener id>} ({@code .fifo} when
 * {@code fifo=true})</li>
 * <li>{@code dead-letter-queue}: the target's dead-letter queue (standard SQS); default
 * {@code <queue>-dlq}</li>
 * <li>{@code pattern}: event pattern, JSON or YAML; default: the destination's {@code source}</li>
 * <li>{@code rule}: rule name; default {@code ferry-<destination>-<listener id>}</li>
 * <li>{@code max-retry-attempts}, {@code max-event-age}: the target's RetryPolicy</li>
 * <li>{@code input-path}, {@code fifo}, {@code message-group-id}, {@code kms-key-id},
 * {@code max-receive-count}</li>
 * </ul>
 */
final class EventBridgeRoutes {

	private static final Logger logger = LoggerFactory.getLogger(EventBridgeRoutes.class);

	static final String SQS = "sqs";

	private final EventBridgeOptions options;

	private final EventBridgeProvisioner provisioner;

	private final @Nullable SqsAsyncClient sqs;

	private final InboundDecoding decoding;

	private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

	EventBridgeRoutes(EventBridgeOptions options, EventBridgeProvisioner provisioner, @Nullable SqsAsyncClient sqs,
			InboundDecoding decoding) {
		this.options = options;
		this.provisioner = provisioner;
		this.sqs = sqs;
		this.decoding = decoding;
	}

	QueueRoute route(Destination destination, String listenerId) {
		EventBridgeDestinationProperties properties = EventBridgeDestinationProperties.of(destination);
		SubscriptionSettings settings = destination.subscription().forListener(listenerId);
		PropertyReader reader = destination.subscription().reader(destination, listenerId);
		String transport = settings.transport() != null ? settings.transport() : SQS;
		if (!SQS.equals(transport)) {
			throw new FerryConfigurationException(destination.subscription().propertyName(destination, listenerId,
					"transport") + " is '" + transport + "'; EventBridge rules Ferry consumes through target SQS queues");
		}
		boolean fifo = reader.bool("fifo", false);
		String queue = settings.queue() != null ? settings.queue()
				: EventBridgeTransport.defaultQueueName(properties.eventBusName(), listenerId, fifo);
		// validated here, so a wrong pattern stops start-up naming its property
		pattern(destination, listenerId, properties, reader);
		Map<String, String> queueProperties = new java.util.LinkedHashMap<>();
		putIfSet(queueProperties, "fifo", fifo ? "true" : null);
		putIfSet(queueProperties, "kms-key-id", reader.string("kms-key-id"));
		putIfSet(queueProperties, "visibility-timeout", reader.string("visibility-timeout"));
		Destination queueDestination = destination.on(transport, queue, queueProperties, EventBridgeTransport.NAME);
		return new QueueRoute(listenerId, destination, queueDestination, this.decoding);
	}

	void prepare(QueueRoute route, boolean provision) {
		Destination destination = route.source();
		String listenerId = route.listenerId();
		EventBridgeDestinationProperties properties = EventBridgeDestinationProperties.of(destination);
		SubscriptionSettings settings = destination.subscription().forListener(listenerId);
		PropertyReader reader = destination.subscription().reader(destination, listenerId);
		String property = destination.configPrefix() + ".subscription";
		SqsAsyncClient client = requireSqs(property);
		boolean fifo = reader.bool("fifo", false);
		String queueName = nameOf(route.queue().resource());
		String deadLetterQueue = settings.deadLetterQueue() != null ? nameOf(settings.deadLetterQueue())
				: EventBridgeTransport.defaultDeadLetterQueueName(queueName);
		String kms = reader.string("kms-key-id");
		Integer receiveCount = reader.integer("max-receive-count", 1, 1000);
		String found = queueUrl(client, route.queue().resource());
		String url;
		if (found != null) {
			url = found;
		}
		else {
			if (!provision) {
				throw new FerryConfigurationException("SQS queue '" + queueName + "' of " + property + " (listener '"
						+ listenerId + "') does not exist. Create it, set "
						+ destination.subscription().propertyName(destination, listenerId, "queue")
						+ " to an existing queue, or set ferry.provision=true");
			}
			url = createQueue(client, queueName, deadLetterQueue, fifo, kms,
					receiveCount != null ? receiveCount : Math.max(destination.retry().maxAttempts() + 2, 5));
		}
		Map<QueueAttributeName, String> attributes = EventBridgeProvisioner.join(client.getQueueAttributes(b -> b
			.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)), "read queue " + queueName).attributes();
		Integer retries = reader.integer("max-retry-attempts", 0, EventBridgeLimits.MAX_RETRY_ATTEMPTS);
		Duration age = reader.duration("max-event-age", EventBridgeLimits.MAX_EVENT_AGE);
		if (age != null && age.compareTo(EventBridgeLimits.MIN_EVENT_AGE) < 0) {
			throw reader.invalid("max-event-age", "must be at least " + EventBridgeLimits.MIN_EVENT_AGE);
		}
		EventBridgeSubscription subscription = new EventBridgeSubscription(property, properties.eventBusName(),
				reader.string("rule", ruleName(destination.name(), listenerId)),
				pattern(destination, listenerId, properties, reader),
				url, attributes.get(QueueAttributeName.QUEUE_ARN), fifo, reader.string("message-group-id"),
				deadLetterQueue, retries != null ? retries : this.options.targetMaxRetryAttempts(),
				age != null ? age : this.options.targetMaxEventAge(), reader.string("input-path"), kms,
				properties.archiveRetention());
		String ruleArn = this.provisioner.ensureSubscription(subscription, provision);
		this.prepared.put(key(destination.name(), listenerId), new Prepared(subscription, ruleArn));
	}

	Collection<EventBridgeSubscription> subscriptions() {
		return this.prepared.values().stream().map(Prepared::subscription).toList();
	}

	@Nullable Prepared prepared(String destination, String listenerId) {
		return this.prepared.get(key(destination, listenerId));
	}

	private String createQueue(SqsAsyncClient client, String queue, String deadLetterQueue, boolean fifo,
			@Nullable String kms, int maxReceiveCount) {
		// the target's dead-letter queue: standard, as EventBridge requires; for a standard queue it is
		// also the redrive target, so one queue holds every dead letter of the subscriber
		Map<QueueAttributeName, String> dlq = new EnumMap<>(QueueAttributeName.class);
		dlq.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(Duration.ofDays(14).toSeconds()));
		if (kms != null) {
			dlq.put(QueueAttributeName.KMS_MASTER_KEY_ID, kms);
		}
		String redriveTarget = deadLetterQueue;
		String existing = queueUrl(client, deadLetterQueue);
		String dlqUrl = existing != null ? existing
				: EventBridgeProvisioner.join(client.createQueue(b -> b.queueName(deadLetterQueue).attributes(dlq)),
						"create queue " + deadLetterQueue).queueUrl();
		if (fifo) {
			// a FIFO queue redrives only to a FIFO queue: its own, beside the target's standard one
			Map<QueueAttributeName, String> fifoDlq = new EnumMap<>(dlq);
			fifoDlq.put(QueueAttributeName.FIFO_QUEUE, "true");
			redriveTarget = queue.replace(".fifo", "") + "-redrive-dlq.fifo";
			String name = redriveTarget;
			dlqUrl = EventBridgeProvisioner.join(client.createQueue(b -> b.queueName(name).attributes(fifoDlq)),
					"create queue " + name).queueUrl();
		}
		String redriveUrl = dlqUrl;
		String dlqArn = EventBridgeProvisioner.join(client.getQueueAttributes(b -> b.queueUrl(redriveUrl)
			.attributeNames(QueueAttributeName.QUEUE_ARN)), "read queue " + redriveTarget).attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
		attributes.put(QueueAttributeName.REDRIVE_POLICY,
				"{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":" + maxReceiveCount + "}");
		attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20");
		if (kms != null) {
			attributes.put(QueueAttributeName.KMS_MASTER_KEY_ID, kms);
		}
		if (fifo) {
			attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
			// EventBridge sends no deduplication id: the queue must derive one (Target.SqsParameters)
			attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
		}
		String url = EventBridgeProvisioner.join(client.createQueue(b -> b.queueName(queue).attributes(attributes)),
				"create queue " + queue).queueUrl();
		logger.info("Created SQS queue {} (dead letters to {}) for an EventBridge subscription", queue, redriveTarget);
		return url;
	}

	private static String pattern(Destination destination, String listenerId,
			EventBridgeDestinationProperties properties, PropertyReader reader) {
		String pattern = reader.string("pattern");
		if (pattern == null) {
			return EventBridgeHeaders.MAPPER.writeValueAsString(Map.of("source", List.of(properties.source())));
		}
		// bound from subscription.properties.pattern (or listeners.<id>.properties.pattern)
		return EventBridgePatterns.toJson(pattern,
				destination.subscription().propertyName(destination, listenerId, "properties.pattern"));
	}

	private static @Nullable String queueUrl(SqsAsyncClient client, String resource) {
		if (resource.startsWith("https://") || resource.startsWith("http://")) {
			return resource;
		}
		try {
			return client.getQueueUrl(b -> b.queueName(nameOf(resource))).join().queueUrl();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof QueueDoesNotExistException) {
				return null;
			}
			throw new dev.ferry.core.TransportException("Could not look up SQS queue " + resource + ": "
					+ ex.getCause().getMessage(), ex.getCause(), true);
		}
	}

	/** The queue name in a name, URL or ARN. */
	static String nameOf(String resource) {
		int cut = Math.max(resource.lastIndexOf('/'), resource.startsWith("arn:") ? resource.lastIndexOf(':') : -1);
		return cut >= 0 ? resource.substring(cut + 1) : resource;
	}

	/** Queue names: 1-80 of [A-Za-z0-9_-], with {@code .fifo} counted. */
	static String queueName(String base, String suffix) {
		String name = base.replaceAll("[^A-Za-z0-9_-]", "-");
		int room = 80 - suffix.length();
		return (name.length() <= room ? name : name.substring(0, room)) + suffix;
	}

	/** Rule names: 1-64 of [.-_A-Za-z0-9]. */
	static String ruleName(String destination, String listenerId) {
		String name = ("ferry-" + destination + "-" + listenerId).replaceAll("[^.\\-_A-Za-z0-9]", "-");
		return name.length() <= 64 ? name : name.substring(0, 64);
	}

	private SqsAsyncClient requireSqs(String property) {
		if (this.sqs == null) {
			throw new FerryConfigurationException("Consuming through " + property + " needs an SQS client: give "
					+ "EventBridgeTransport one (in Spring, an SqsAsyncClient bean)");
		}
		return this.sqs;
	}

	private static void putIfSet(Map<String, String> map, String key, @Nullable String value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	private static String key(String destination, String listenerId) {
		return destination.toLowerCase(Locale.ROOT) + "/" + listenerId;
	}

	/** A route prepared at start-up: its subscription and its rule's ARN. */
	record Prepared(EventBridgeSubscription subscription, String ruleArn) {
	}

}
