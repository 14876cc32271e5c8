package dev.ferry.test.aws.eventbridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ferry.test.aws.AwsEndpoints;
import dev.ferry.test.aws.AwsTestSupport.TestQueue;
import dev.ferry.test.aws.DeliveryRecord;
import dev.ferry.test.aws.LocalAws;
import dev.ferry.test.aws.LocalAwsExtension;
import dev.ferry.test.aws.QueuePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static dev.ferry.test.aws.AwsTestSupport.DELIVERY_TIMEOUT;
import static dev.ferry.test.aws.AwsTestSupport.awaitMessages;
import static dev.ferry.test.aws.AwsTestSupport.createQueue;
import static dev.ferry.test.aws.AwsTestSupport.receiveNow;
import static dev.ferry.test.aws.AwsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Runs the EventBridge conformance suite against the in-process stand-in, plus what only the
 * stand-in offers: fault injection and the delivery journal. Uses {@code @ExtendWith} and
 * constructor injection, the other way of wiring {@link LocalAwsExtension}.
 */
@ExtendWith(LocalAwsExtension.class)
class LocalEventBridgeConformanceTest extends AbstractEventBridgeConformanceTest {

	private final LocalAws aws;

	LocalEventBridgeConformanceTest(LocalAws aws) {
		this.aws = aws;
	}

	@Override
	protected AwsEndpoints endpoints() {
		return this.aws;
	}

	@Override
	protected void awaitLost(String eventId, TestQueue deadLetterQueue) {
		await().atMost(DELIVERY_TIMEOUT).until(() -> !this.aws.eventBridge().journal().records((r) -> r.messageId()
				.equals(eventId) && r.outcome() == DeliveryRecord.Outcome.LOST).isEmpty());
	}

	// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html (retry only failed entries)
	@Test
	void injectedFailuresLetAClientRetryOnlyTheFailedEntries() {
		String bus = bus();
		TestQueue queue = createQueue(this.sqs, unique("faults"));
		rule(bus, "{\"source\":[\"shop\"]}", target("q", queue));
		this.aws.eventBridge().faults().failNext(1, (e) -> e.detailType().equals("Flaky"), "InternalFailure",
				"injected internal failure");
		this.aws.eventBridge().faults().failNext(1, (e) -> e.detailType().equals("Busy"), "ThrottlingException",
				"injected throttling");
		List<PutEventsRequestEntry> entries = List.of(event(bus, "shop", "Steady", "{\"n\":1}"),
				event(bus, "shop", "Flaky", "{\"n\":2}"), event(bus, "shop", "Busy", "{\"n\":3}"));
		PutEventsResponse first = this.events.putEvents((b) -> b.entries(entries));
		assertThat(first.failedEntryCount()).isEqualTo(2);
		assertThat(first.entries()).extracting((e) -> e.errorCode()).containsExactly(null, "InternalFailure",
				"ThrottlingException");
		List<PutEventsRequestEntry> failed = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			if (first.entries().get(i).errorCode() != null) {
				failed.add(entries.get(i));
			}
		}
		PutEventsResponse retry = this.events.putEvents((b) -> b.entries(failed));
		assertThat(retry.failedEntryCount()).isZero();
		assertThat(awaitMessages(this.sqs, queue, 3)).extracting((m) -> json(m.body()).path("detail").path("n").asInt())
				.containsExactlyInAnyOrder(1, 2, 3);
	}

	// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html, rule-dlq.html
	@Test
	void retryableTargetFailuresAreRetriedWithinTheRetryPolicyThenDeadLettered() {
		String bus = bus();
		TestQueue patient = createQueue(this.sqs, unique("patient"));
		TestQueue hasty = createQueue(this.sqs, unique("hasty"));
		TestQueue dlq = createQueue(this.sqs, unique("retry-dlq"));
		String ruleArn = rule(bus, "{\"source\":[\"shop\"]}",
				Target.builder().id("patient").arn(patient.arn()).retryPolicy((r) -> r.maximumRetryAttempts(3)).build(),
				Target.builder().id("hasty").arn(hasty.arn()).retryPolicy((r) -> r.maximumRetryAttempts(1))
						.deadLetterConfig((d) -> d.arn(dlq.arn())).build());
		this.sqs.setQueueAttributes((b) -> b.queueUrl(dlq.url()).attributes(Map.of(QueueAttributeName.POLICY,
				QueuePolicy.allowServiceToSend(dlq.arn(), "events.amazonaws.com", ruleArn))));
		this.aws.eventBridge().deliveryFaults().failNext(3, (d) -> d.targetId().equals("patient"), "ThrottlingException",
				"injected: target busy");
		this.aws.eventBridge().deliveryFaults().failNext(5, (d) -> d.targetId().equals("hasty"), "InternalException",
				"injected: target down");
		String eventId = put(event(bus, "shop", "OrderPlaced", "{\"id\":1}")).entries().get(0).eventId();
		assertThat(json(awaitMessages(this.sqs, patient, 1).get(0).body()).path("id").asString()).isEqualTo(eventId);
		Message dead = awaitMessages(this.sqs, dlq, 1).get(0);
		assertThat(dead.messageAttributes().get("ERROR_CODE").stringValue()).isEqualTo("InternalException");
		assertThat(dead.messageAttributes().get("RETRY_ATTEMPTS").stringValue()).isEqualTo("1");
		assertThat(dead.messageAttributes().get("EXHAUSTED_RETRY_CONDITION").stringValue())
				.isEqualTo("MaximumRetryAttempts");
		assertThat(receiveNow(this.sqs, hasty)).isEmpty();
		this.aws.eventBridge().deliveryFaults().clear();
	}

	@Test
	void unsupportedFeaturesFailLoudly() {
		String bus = bus();
		assertThatExceptionOfType(EventBridgeException.class).isThrownBy(() -> this.events.putRule(
				(b) -> b.name(unique("cron")).eventBusName(bus).scheduleExpression("rate(5 minutes)")))
				.satisfies((ex) -> {
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("FerryLocalUnsupported");
					assertThat(ex.getMessage()).contains("ScheduleExpression");
				});
		String rule = unique("rule");
		this.events.putRule((b) -> b.name(rule).eventBusName(bus).eventPattern("{\"source\":[\"x\"]}"));
		assertThatExceptionOfType(EventBridgeException.class).isThrownBy(() -> this.events.putTargets((b) -> b
				.rule(rule).eventBusName(bus).targets(Target.builder().id("fn")
						.arn("arn:aws:lambda:us-east-1:000000000000:function:f").build())))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("only Amazon SQS targets"));
		assertThatExceptionOfType(EventBridgeException.class).isThrownBy(() -> this.events.putTargets((b) -> b
				.rule(rule).eventBusName(bus).targets(Target.builder().id("t").arn("arn:aws:sqs:us-east-1:000000000000:q")
						.inputTransformer((i) -> i.inputTemplate("\"x\"")).build())))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("InputTransformer"));
		assertThatExceptionOfType(EventBridgeException.class)
				.isThrownBy(() -> this.events.listArchives((b) -> b.namePrefix("a")))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("ListArchives"));
	}

}
