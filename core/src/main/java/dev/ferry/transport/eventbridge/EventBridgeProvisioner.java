package dev.ferry.transport.eventbridge;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.TransportException;
import dev.ferry.core.destination.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.eventbridge.model.CreateArchiveRequest;
import software.amazon.awssdk.services.eventbridge.model.CreateEventBusRequest;
import software.amazon.awssdk.services.eventbridge.model.DeadLetterConfig;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RetryPolicy;
import software.amazon.awssdk.services.eventbridge.model.SqsParameters;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Checks and, only when provisioning is on, creates the EventBridge resources behind a destination:
 * the bus (encrypted with the configured customer-managed KMS key), the rule with its event
 * pattern, the SQS target with its own dead-letter queue and an explicit retry policy, the queue
 * policies that let EventBridge deliver to both (scoped by rule ARN and account), and the archive.
 * Without provisioning a missing resource stops start-up with a message naming the property to fix;
 * nothing is ever changed then.
 */
final class EventBridgeProvisioner {

	private static final Logger logger = LoggerFactory.getLogger(EventBridgeProvisioner.class);

	private final EventBridgeAsyncClient client;

	private final @Nullable SqsAsyncClient sqs;

	EventBridgeProvisioner(EventBridgeAsyncClient client, @Nullable SqsAsyncClient sqs) {
		this.client = client;
		this.sqs = sqs;
	}

	void ensureBus(Destination destination, EventBridgeDestinationProperties properties, boolean provision) {
		String bus = properties.eventBusName();
		if (busExists(bus)) {
			return;
		}
		if (!provision) {
			throw new FerryConfigurationException("EventBridge bus '" + bus + "' of destination '" + destination.name()
					+ "' does not exist. Create it, fix " + EventBridgeDestinationProperties.name(destination,
							EventBridgeDestinationProperties.EVENT_BUS)
					+ " (or " + destination.configPrefix() + ".resource), or set ferry.provision=true");
		}
		CreateEventBusRequest.Builder request = CreateEventBusRequest.builder().name(bus);
		if (properties.kmsKeyId() != null) {
			request.kmsKeyIdentifier(properties.kmsKeyId());
		}
		join(this.client.createEventBus(request.build()), "create event bus " + bus);
		logger.info("Created EventBridge bus {} for destination {}", bus, destination.name());
	}

	/**
	 * Checks the rule and its target for the subscriber's queue; creates what is missing when
	 * {@code provision} is true.
	 * @return the rule's ARN
	 */
	String ensureSubscription(EventBridgeSubscription subscription, boolean provision) {
		String bus = subscription.eventBus();
		if (!busExists(bus)) {
			if (!provision) {
				throw new FerryConfigurationException("EventBridge bus '" + bus + "' named by " + subscription.property()
						+ " does not exist. Create it, fix the bus, or set ferry.provision=true");
			}
			join(this.client.createEventBus(b -> b.name(bus)), "create event bus " + bus);
		}
		Optional<DescribeRuleResponse> rule = describeRule(bus, subscription.rule());
		String ruleArn;
		if (rule.isEmpty()) {
			if (!provision) {
				throw new FerryConfigurationException("EventBridge rule '" + subscription.rule() + "' on bus '" + bus
						+ "' (" + subscription.property() + ".properties.rule) does not exist. Create it with the pattern, fix "
						+ subscription.property() + ".properties.rule, or set ferry.provision=true");
			}
			ruleArn = join(this.client.putRule(b -> b.name(subscription.rule()).eventBusName(bus)
				.eventPattern(subscription.pattern())
				.description("Ferry: events for " + subscription.queueArn())), "create rule " + subscription.rule())
				.ruleArn();
			logger.info("Created EventBridge rule {} on bus {} ({})", subscription.rule(), bus, subscription.pattern());
		}
		else {
			ruleArn = rule.get().arn();
			if (!samePattern(rule.get().eventPattern(), subscription.pattern())) {
				logger.warn("EventBridge rule {} on bus {} has pattern {}, not the configured {} ({}.pattern); "
						+ "Ferry does not change an existing rule", subscription.rule(), bus, rule.get().eventPattern(),
						subscription.pattern(), subscription.property() + ".properties");
			}
		}
		boolean targeted = join(this.client.listTargetsByRule(b -> b.rule(subscription.rule()).eventBusName(bus)),
				"list targets of rule " + subscription.rule())
			.targets()
			.stream()
			.anyMatch(target -> subscription.queueArn().equals(target.arn()));
		if (!targeted) {
			if (!provision) {
				throw new FerryConfigurationException("EventBridge rule '" + subscription.rule() + "' has no target for "
						+ "queue " + subscription.queueArn() + " (" + subscription.property() + "). Add the target, or "
						+ "set ferry.provision=true");
			}
			addTarget(subscription, ruleArn);
		}
		if (provision && subscription.archiveRetention() != null) {
			ensureArchive(subscription);
		}
		return ruleArn;
	}

	private void addTarget(EventBridgeSubscription subscription, String ruleArn) {
		SqsAsyncClient sqs = requireSqs(subscription);
		String account = subscription.account();
		Map<QueueAttributeName, String> dlqAttributes = new EnumMap<>(QueueAttributeName.class);
		// EventBridge dead-letter queues must be standard queues (rule-dlq.html)
		dlqAttributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(Duration.ofDays(14).toSeconds()));
		if (subscription.kmsKeyId() != null) {
			dlqAttributes.put(QueueAttributeName.KMS_MASTER_KEY_ID, subscription.kmsKeyId());
		}
		// the route may have created it already as the queue's redrive target
		String dlqUrl = join(sqs.getQueueUrl(b -> b.queueName(subscription.deadLetterQueue()))
			.handle((found, error) -> found != null ? CompletableFuture.completedFuture(found.queueUrl())
					: sqs.createQueue(b -> b.queueName(subscription.deadLetterQueue()).attributes(dlqAttributes))
						.thenApply(created -> created.queueUrl()))
			.thenCompose(url -> url), "create queue " + subscription.deadLetterQueue());
		Map<QueueAttributeName, String> dlq = queueAttributes(sqs, dlqUrl);
		String dlqArn = dlq.get(QueueAttributeName.QUEUE_ARN);
		setPolicy(sqs, dlqUrl, EventBridgeQueuePolicies.withRuleStatement(dlq.get(QueueAttributeName.POLICY), dlqArn,
				ruleArn, account));
		String queuePolicy = queueAttributes(sqs, subscription.queueUrl()).get(QueueAttributeName.POLICY);
		setPolicy(sqs, subscription.queueUrl(), EventBridgeQueuePolicies.withRuleStatement(queuePolicy,
				subscription.queueArn(), ruleArn, account));
		Target.Builder target = Target.builder()
			.id(subscription.targetId())
			.arn(subscription.queueArn())
			.deadLetterConfig(DeadLetterConfig.builder().arn(dlqArn).build())
			.retryPolicy(RetryPolicy.builder()
				.maximumRetryAttempts(subscription.maxRetryAttempts())
				.maximumEventAgeInSeconds((int) subscription.maxEventAge().toSeconds())
				.build());
		if (subscription.inputPath() != null) {
			target.inputPath(subscription.inputPath());
		}
		if (subscription.fifo()) {
			target.sqsParameters(SqsParameters.builder()
				.messageGroupId(subscription.messageGroupId() != null ? subscription.messageGroupId() : subscription.rule())
				.build());
		}
		var response = join(this.client.putTargets(b -> b.rule(subscription.rule()).eventBusName(subscription.eventBus())
			.targets(target.build())), "add target to rule " + subscription.rule());
		if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
			throw new TransportException("Could not add target " + subscription.queueArn() + " to rule "
					+ subscription.rule() + ": " + response.failedEntries(), null, false);
		}
		logger.info("Rule {} now targets {} (dead-letter queue {}, {} retries within {})", subscription.rule(),
				subscription.queueArn(), dlqArn, subscription.maxRetryAttempts(), subscription.maxEventAge());
	}

	private void ensureArchive(EventBridgeSubscription subscription) {
		String busArn = join(this.client.describeEventBus(b -> b.name(subscription.eventBus())),
				"describe bus " + subscription.eventBus()).arn();
		Duration retention = subscription.archiveRetention();
		CreateArchiveRequest request = CreateArchiveRequest.builder()
			.archiveName(subscription.archiveName())
			.eventSourceArn(busArn)
			.eventPattern(subscription.pattern())
			.retentionDays(retention == null ? 0 : (int) retention.toDays())
			.description("Ferry: events of rule " + subscription.rule())
			.build();
		try {
			this.client.createArchive(request).join();
			logger.info("Created EventBridge archive {} of bus {}", subscription.archiveName(), subscription.eventBus());
		}
		catch (CompletionException ex) {
			if (!(ex.getCause() instanceof ResourceAlreadyExistsException)) {
				throw new TransportException("Could not create archive " + subscription.archiveName() + ": "
						+ ex.getCause().getMessage(), ex.getCause(), true);
			}
		}
	}

	/**
	 * Starts a replay of the subscription's archive for the time window into its bus, limited to its
	 * rule, so only this subscriber receives the events again (with {@code replay-name} set).
	 * @return the replay's name
	 */
	CompletableFuture<String> startReplay(EventBridgeSubscription subscription, String ruleArn, Instant from,
			Instant to) {
		if (!from.isBefore(to)) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("replay window must start before it ends, was "
					+ from + " to " + to));
		}
		String name = replayName(subscription, from);
		return this.client.describeArchive(b -> b.archiveName(subscription.archiveName()))
			.thenCompose(archive -> this.client.describeEventBus(b -> b.name(subscription.eventBus()))
				.thenCompose(bus -> this.client.startReplay(b -> b.replayName(name)
					.eventSourceArn(archive.archiveArn())
					.eventStartTime(from)
					.eventEndTime(to)
					.description("Ferry replay for " + subscription.property())
					.destination(d -> d.arn(bus.arn()).filterArns(ruleArn)))))
			.thenApply(response -> name);
	}

	/** Replay names: 1-64 of [.-_A-Za-z0-9]; the rule and the window's start keep them unique and readable. */
	static String replayName(EventBridgeSubscription subscription, Instant from) {
		String suffix = "-" + from.getEpochSecond() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
		String rule = subscription.rule().replaceAll("[^.\\-_A-Za-z0-9]", "-");
		int room = 64 - suffix.length();
		return (rule.length() <= room ? rule : rule.substring(0, room)) + suffix;
	}

	Optional<DescribeRuleResponse> describeRule(String bus, String rule) {
		try {
			return Optional.of(this.client.describeRule(b -> b.name(rule).eventBusName(bus)).join());
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ResourceNotFoundException) {
				return Optional.empty();
			}
			throw new TransportException("Could not describe EventBridge rule " + rule + ": " + ex.getCause().getMessage(),
					ex.getCause(), true);
		}
	}

	private static boolean samePattern(@Nullable String actual, String expected) {
		if (actual == null) {
			return false;
		}
		try {
			return EventBridgeHeaders.MAPPER.readTree(actual).equals(EventBridgeHeaders.MAPPER.readTree(expected));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static Map<QueueAttributeName, String> queueAttributes(SqsAsyncClient sqs, String url) {
		return join(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN,
				QueueAttributeName.POLICY)), "read attributes of " + url).attributes();
	}

	private static void setPolicy(SqsAsyncClient sqs, String url, String policy) {
		join(sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy))),
				"set the policy of " + url);
	}

	private SqsAsyncClient requireSqs(EventBridgeSubscription subscription) {
		if (this.sqs == null) {
			throw new FerryConfigurationException("Provisioning the target of " + subscription.property()
					+ " needs an SQS client; give EventBridgeTransport one");
		}
		return this.sqs;
	}

	boolean busExists(String bus) {
		try {
			this.client.describeEventBus(b -> b.name(bus)).join();
			return true;
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ResourceNotFoundException) {
				return false;
			}
			throw new TransportException("Could not describe EventBridge bus " + bus + ": " + ex.getCause().getMessage(),
					ex.getCause(), true);
		}
	}

	static <T> T join(CompletableFuture<T> future, String what) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			throw new TransportException("Could not " + what + ": " + cause.getMessage(), cause, true);
		}
	}

}
