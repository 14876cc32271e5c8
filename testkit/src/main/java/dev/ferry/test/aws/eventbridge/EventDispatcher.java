package dev.ferry.test.aws.eventbridge;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.ferry.test.aws.DeliveryException;
import dev.ferry.test.aws.DeliveryJournal;
import dev.ferry.test.aws.DeliveryRecord;
import dev.ferry.test.aws.DeliveryRecord.Outcome;
import dev.ferry.test.aws.FaultInjector;
import dev.ferry.test.aws.Json;
import dev.ferry.test.aws.LocalAwsAccount;
import dev.ferry.test.aws.LocalAwsOptions;
import dev.ferry.test.aws.QueueMessage;
import dev.ferry.test.aws.QueuePolicy;
import dev.ferry.test.aws.SqsQueues;
import dev.ferry.test.aws.StandInHttp;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers accepted events to the targets of matching rules, asynchronously and in order, as
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-event-delivery.html describes:
 * retryable failures are retried within the target's RetryPolicy; failures AWS does not retry
 * (target missing, permission denied) and exhausted retries go to the target's dead-letter queue,
 * with the RULE_ARN, TARGET_ARN, ERROR_CODE and ERROR_MESSAGE attributes, only if that queue's policy
 * lets {@code events.amazonaws.com} send for this rule
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html); otherwise the event is
 * lost, as in AWS, and the {@link DeliveryJournal} says why.
 */
final class EventDispatcher implements AutoCloseable {

	static final String SERVICE_PRINCIPAL = "events.amazonaws.com";

	private final EventBridgeRegistry registry;

	private final SqsQueues queues;

	private final DeliveryJournal journal;

	private final LocalAwsOptions options;

	private final FaultInjector<EventBridgeDelivery> faults;

	private final ExecutorService executor = Executors.newSingleThreadExecutor(StandInHttp.daemonThreads("events"));

	EventDispatcher(EventBridgeRegistry registry, SqsQueues queues, DeliveryJournal journal, LocalAwsOptions options,
			FaultInjector<EventBridgeDelivery> faults) {
		this.registry = registry;
		this.faults = faults;
		this.queues = queues;
		this.journal = journal;
		this.options = options;
	}

	void dispatch(String busName, ObjectNode event) {
		String json = Json.MAPPER.writeValueAsString(event);
		Instant accepted = Instant.now();
		for (EventBridgeRegistry.Match match : this.registry.match(busName, json)) {
			this.executor.execute(() -> deliver(match, event, json, accepted));
		}
	}

	private void deliver(EventBridgeRegistry.Match match, JsonNode event, String json, Instant accepted) {
		EventTarget target = match.target();
		String eventId = event.path("id").asString();
		String payload = payload(target, event, json);
		boolean fifo = SqsQueues.isFifo(target.arn());
		QueueMessage message = new QueueMessage(payload, Map.of(), fifo ? target.messageGroupId() : null, null);
		int retries = 0;
		while (true) {
			try {
				send(match, message, new EventBridgeDelivery(match.ruleArn(), target.id(), eventId,
						event.path("detail-type").asString()));
				this.journal.add(new DeliveryRecord(eventId, match.ruleArn(), target.id(), Outcome.DELIVERED,
						target.arn()));
				return;
			}
			catch (DeliveryException ex) {
				String exhausted = null;
				if (ex.retryable()) {
					if (retries >= target.maximumRetryAttempts()) {
						exhausted = "MaximumRetryAttempts";
					}
					else if (Duration.between(accepted, Instant.now()).getSeconds() >= target.maximumEventAgeSeconds()) {
						exhausted = "MaximumEventAge";
					}
					else {
						retries++;
						pause();
						continue;
					}
				}
				deadLetter(match, eventId, json, ex, retries, exhausted);
				return;
			}
		}
	}

	private void send(EventBridgeRegistry.Match match, QueueMessage message, EventBridgeDelivery attempt) {
		Optional<FaultInjector.InjectedFault> fault = this.faults.poll(attempt);
		if (fault.isPresent()) {
			throw new DeliveryException(fault.get().errorCode(), fault.get().errorMessage(), true);
		}
		String queueArn = match.target().arn();
		if (this.options.enforceEndpointQueuePolicies() && !QueuePolicy.allowsSendMessage(this.queues.policy(queueArn),
				SERVICE_PRINCIPAL, queueArn, match.ruleArn(), LocalAwsAccount.ACCOUNT_ID)) {
			throw new DeliveryException("AccessDeniedException", "The policy of " + queueArn + " does not allow "
					+ SERVICE_PRINCIPAL + " to sqs:SendMessage for " + match.ruleArn(), false);
		}
		this.queues.send(queueArn, message);
	}

	private static String payload(EventTarget target, JsonNode event, String json) {
		if (target.input() != null) {
			return target.input();
		}
		if (target.inputPath() != null) {
			JsonNode selected = EventInputPath.select(event, target.inputPath());
			return selected.isMissingNode() ? "null" : Json.MAPPER.writeValueAsString(selected);
		}
		return json;
	}

	private void deadLetter(EventBridgeRegistry.Match match, String eventId, String eventJson, DeliveryException failure,
			int retries, @Nullable String exhausted) {
		EventTarget target = match.target();
		String dlq = target.deadLetterArn();
		if (dlq == null) {
			record(match, eventId, Outcome.LOST, failure.getMessage() + "; the target has no DeadLetterConfig");
			return;
		}
		try {
			if (!QueuePolicy.allowsSendMessage(this.queues.policy(dlq), SERVICE_PRINCIPAL, dlq, match.ruleArn(),
					LocalAwsAccount.ACCOUNT_ID)) {
				record(match, eventId, Outcome.LOST, failure.getMessage() + "; the policy of dead-letter queue " + dlq
						+ " does not allow " + SERVICE_PRINCIPAL + " to sqs:SendMessage with aws:SourceArn "
						+ match.ruleArn());
				return;
			}
			Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
			attributes.put("RULE_ARN", text(match.ruleArn()));
			attributes.put("TARGET_ARN", text(target.arn()));
			attributes.put("ERROR_CODE", text(failure.errorCode()));
			attributes.put("ERROR_MESSAGE", text(String.valueOf(failure.getMessage())));
			attributes.put("RETRY_ATTEMPTS", text(Integer.toString(retries)));
			if (exhausted != null) {
				attributes.put("EXHAUSTED_RETRY_CONDITION", text(exhausted));
			}
			this.queues.send(dlq, new QueueMessage(eventJson, attributes, null, null));
			record(match, eventId, Outcome.DEAD_LETTERED, dlq);
		}
		catch (DeliveryException ex) {
			record(match, eventId, Outcome.LOST, failure.getMessage() + "; the dead-letter queue " + dlq
					+ " failed too: " + ex.getMessage());
		}
	}

	private void record(EventBridgeRegistry.Match match, String eventId, Outcome outcome, String detail) {
		this.journal.add(new DeliveryRecord(eventId, match.ruleArn(), match.target().id(), outcome, detail));
	}

	private static MessageAttributeValue text(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	private void pause() {
		try {
			Thread.sleep(this.options.retryDelay().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DeliveryException("Interrupted", "Delivery interrupted", false);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
