package dev.ferry.test.aws.eventbridge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ferry.test.aws.AwsEndpoints;
import dev.ferry.test.aws.AwsTestSupport.TestQueue;
import dev.ferry.test.aws.Json;
import dev.ferry.test.aws.QueuePolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;

import static dev.ferry.test.aws.AwsTestSupport.awaitMessages;
import static dev.ferry.test.aws.AwsTestSupport.createQueue;
import static dev.ferry.test.aws.AwsTestSupport.receiveNow;
import static dev.ferry.test.aws.AwsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The EventBridge conformance suite: drives a backend through the real SDK v2
 * {@link EventBridgeClient} and {@link SqsClient} and checks the behaviour AWS documents. Each test
 * names the document it follows. Subclasses supply the backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractEventBridgeConformanceTest {

	protected EventBridgeClient events;

	protected SqsClient sqs;

	/** @return the backend under test */
	protected abstract AwsEndpoints endpoints();

	/** Waits until the backend has given up on the event for good (not delivered, not dead-lettered). */
	protected abstract void awaitLost(String eventId, TestQueue deadLetterQueue);

	/**
	 * Known departures of this backend from the AWS documentation, by gap id, with what it does
	 * instead. Empty for a faithful backend; a case that depends on a listed gap is skipped with an
	 * assumption that names it (docs/local-development.md lists every decision).
	 */
	protected Map<String, String> knownGaps() {
		return Map.of();
	}

	/** Skips the calling case where the backend has the named gap. */
	protected void assumeNoGap(String gap) {
		Assumptions.assumeFalse(knownGaps().containsKey(gap),
				() -> "backend gap " + gap + ": " + knownGaps().get(gap));
	}

	/** Whether a check of documented behaviour applies to this backend (it has not the named gap). */
	protected boolean checks(String gap) {
		return !knownGaps().containsKey(gap);
	}

	@BeforeAll
	void clients() {
		this.events = endpoints().newEventBridgeClient();
		this.sqs = endpoints().newSqsClient();
	}

	@AfterAll
	void closeClients() {
		this.events.close();
		this.sqs.close();
	}

	protected String bus() {
		String name = unique("bus");
		this.events.createEventBus((b) -> b.name(name));
		return name;
	}

	protected String rule(String bus, String pattern, Target... targets) {
		String name = unique("rule");
		String arn = this.events.putRule((b) -> b.name(name).eventBusName(bus).eventPattern(pattern)).ruleArn();
		if (targets.length > 0) {
			this.events.putTargets((b) -> b.rule(name).eventBusName(bus).targets(targets));
		}
		return arn;
	}

	protected static Target target(String id, TestQueue queue) {
		return Target.builder().id(id).arn(queue.arn()).build();
	}

	protected static PutEventsRequestEntry event(String bus, String source, String detailType, String detail) {
		return PutEventsRequestEntry.builder().eventBusName(bus).source(source).detailType(detailType).detail(detail)
				.build();
	}

	protected PutEventsResponse put(PutEventsRequestEntry... entries) {
		return this.events.putEvents((b) -> b.entries(entries));
	}

	protected static JsonNode json(String text) {
		return Json.MAPPER.readTree(text);
	}

	protected static List<String> bodies(List<Message> messages) {
		return messages.stream().map(Message::body).toList();
	}

	// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html, API_DescribeEventBus.html
	@Test
	void eventBusLifecycle() {
		assertThat(this.events.describeEventBus((b) -> b.name("default")).arn())
				.isEqualTo("arn:aws:events:us-east-1:" + endpoints().accountId() + ":event-bus/default");
		String name = unique("bus");
		String arn = this.events.createEventBus((b) -> b.name(name)).eventBusArn();
		assertThat(arn).endsWith(":event-bus/" + name);
		assertThat(this.events.describeEventBus((b) -> b.name(name)).name()).isEqualTo(name);
		assertThatExceptionOfType(ResourceAlreadyExistsException.class)
				.isThrownBy(() -> this.events.createEventBus((b) -> b.name(name)));
		this.events.deleteEventBus((b) -> b.name(name));
		assertThatExceptionOfType(ResourceNotFoundException.class)
				.isThrownBy(() -> this.events.describeEventBus((b) -> b.name(name)));
		assertThatExceptionOfType(EventBridgeException.class)
				.isThrownBy(() -> this.events.deleteEventBus((b) -> b.name("default")))
				.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
	}

	// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html, API_DeleteRule.html
	@Test
	void ruleAndTargetLifecycle() {
		String bus = bus();
		TestQueue queue = createQueue(this.sqs, unique("rule-q"));
		String name = unique("orders");
		String arn = this.events.putRule((b) -> b.name(name).eventBusName(bus).eventPattern("{\"source\":[\"shop\"]}")
				.description("orders from the shop")).ruleArn();
		assertThat(arn).isEqualTo("arn:aws:events:us-east-1:" + endpoints().accountId() + ":rule/" + bus + "/" + name);
		assertThat(this.events.describeRule((b) -> b.name(name).eventBusName(bus))).satisfies((rule) -> {
			assertThat(rule.stateAsString()).isEqualTo("ENABLED");
			assertThat(rule.description()).isEqualTo("orders from the shop");
			assertThat(rule.eventBusName()).isEqualTo(bus);
		});
		this.events.disableRule((b) -> b.name(name).eventBusName(bus));
		assertThat(this.events.describeRule((b) -> b.name(name).eventBusName(bus)).stateAsString()).isEqualTo("DISABLED");
		this.events.enableRule((b) -> b.name(name).eventBusName(bus));
		assertThat(this.events.listRules((b) -> b.eventBusName(bus).namePrefix("orders")).rules())
				.extracting((r) -> r.name()).containsExactly(name);
		this.events.putTargets((b) -> b.rule(name).eventBusName(bus).targets(target("q", queue)));
		assertThat(this.events.listTargetsByRule((b) -> b.rule(name).eventBusName(bus)).targets())
				.singleElement().satisfies((t) -> assertThat(t.arn()).isEqualTo(queue.arn()));
		assertThatExceptionOfType(EventBridgeException.class)
				.isThrownBy(() -> this.events.deleteRule((b) -> b.name(name).eventBusName(bus)))
				.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
		// At most 5 targets per rule (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html).
		if (checks("events-targets-per-rule-limit")) {
			assertThatExceptionOfType(LimitExceededException.class).isThrownBy(() -> this.events.putTargets((b) -> b
					.rule(name).eventBusName(bus).targets(target("t1", queue), target("t2", queue), target("t3", queue),
							target("t4", queue), target("t5", queue))));
		}
		this.events.removeTargets((b) -> b.rule(name).eventBusName(bus).ids("q"));
		this.events.deleteRule((b) -> b.name(name).eventBusName(bus));
		assertThatExceptionOfType(ResourceNotFoundException.class)
				.isThrownBy(() -> this.events.describeRule((b) -> b.name(name).eventBusName(bus)));
		assertThatExceptionOfType(InvalidEventPatternException.class).isThrownBy(() -> this.events
				.putRule((b) -> b.name(unique("bad")).eventBusName(bus).eventPattern("{\"source\":\"not-an-array\"}")));
		assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(() -> this.events.putRule(
				(b) -> b.name(unique("r")).eventBusName(bus + "-missing").eventPattern("{\"source\":[\"x\"]}")));
	}

	// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TagResource.html
	@Test
	void busAndRuleTags() {
		String bus = unique("tagged");
		String busArn = this.events.createEventBus((b) -> b.name(bus).tags((t) -> t.key("team").value("orders")))
				.eventBusArn();
		String ruleArn = this.events.putRule((b) -> b.name(unique("rule")).eventBusName(bus)
				.eventPattern("{\"source\":[\"x\"]}").tags((t) -> t.key("kind").value("audit"))).ruleArn();
		this.events.tagResource((b) -> b.resourceARN(busArn).tags((t) -> t.key("env").value("local")));
		this.events.untagResource((b) -> b.resourceARN(busArn).tagKeys("team"));
		assertThat(this.events.listTagsForResource((b) -> b.resourceARN(busArn)).tags())
				.extracting((t) -> t.key() + "=" + t.value()).containsExactly("env=local");
		assertThat(this.events.listTagsForResource((b) -> b.resourceARN(ruleArn)).tags())
				.extracting((t) -> t.key() + "=" + t.value()).containsExactly("kind=audit");
		assertThatExceptionOfType(ResourceNotFoundException.class)
				.isThrownBy(() -> this.events.listTagsForResource((b) -> b.resourceARN(busArn + "-missing")));
	}

	// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
	@Test
	void putEventsDeliversTheEnvelopeToMatchingTargets() {
		String bus = bus();
		TestQueue queue = createQueue(this.sqs, unique("envelope"));
		rule(bus, "{\"source\":[\"shop\"],\"detail-type\":[\"OrderPlaced\"]}", target("q", queue));
		Instant time = Instant.parse("2026-01-02T03:04:05Z");
		PutEventsResponse response = put(event(bus, "shop", "OrderPlaced", "{\"id\":7}").toBuilder().time(time)
				.resources("arn:aws:s3:::bucket").build(), event(bus, "shop", "OrderCancelled", "{\"id\":8}"));
		assertThat(response.failedEntryCount()).isZero();
		JsonNode envelope = json(awaitMessages(this.sqs, queue, 1).get(0).body());
		assertThat(envelope.path("version").asString()).isEqualTo("0");
		assertThat(envelope.path("id").asString()).isEqualTo(response.entries().get(0).eventId());
		assertThat(envelope.path("detail-type").asString()).isEqualTo("OrderPlaced");
		assertThat(envelope.path("source").asString()).isEqualTo("shop");
		if (checks("events-envelope-account")) {
			assertThat(envelope.path("account").asString()).isEqualTo(endpoints().accountId());
		}
		assertThat(envelope.path("time").asString()).isEqualTo("2026-01-02T03:04:05Z");
		assertThat(envelope.path("region").asString()).isEqualTo("us-east-1");
		assertThat(envelope.path("resources").get(0).asString()).isEqualTo("arn:aws:s3:::bucket");
		assertThat(envelope.path("detail").path("id").asInt()).isEqualTo(7);
		assertThat(receiveNow(this.sqs, queue)).as("OrderCancelled does not match").isEmpty();
	}

	// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
	@Test
	void patternOperators() {
		String bus = bus();
		Map<String, String> patterns = Map.of(
				"prefix", "{\"detail\":{\"region\":[{\"prefix\":\"eu-\"}]}}",
				"suffix", "{\"detail\":{\"file\":[{\"suffix\":\".png\"}]}}",
				"anything-but", "{\"detail\":{\"state\":[{\"anything-but\":[\"deleted\"]}]}}",
				"ignore-case", "{\"detail\":{\"name\":[{\"equals-ignore-case\":\"alice\"}]}}",
				"wildcard", "{\"detail\":{\"path\":[{\"wildcard\":\"/orders/*/items\"}]}}",
				"numeric", "{\"detail\":{\"total\":[{\"numeric\":[\">\",10,\"<=\",100]}]}}",
				"not-exists", "{\"detail\":{\"state\":[{\"exists\":false}]}}",
				"cidr", "{\"detail\":{\"ip\":[{\"cidr\":\"10.0.0.0/24\"}]}}",
				"or", "{\"$or\":[{\"detail\":{\"vip\":[true]}},{\"detail\":{\"total\":[{\"numeric\":[\">\",1000]}]}}]}");
		Map<String, TestQueue> queues = new java.util.LinkedHashMap<>();
		patterns.forEach((operator, pattern) -> {
			TestQueue queue = createQueue(this.sqs, unique(operator));
			queues.put(operator, queue);
			rule(bus, pattern, target("q", queue));
		});
		put(event(bus, "test", "e1", "{\"n\":1,\"region\":\"eu-west-1\",\"file\":\"a.png\",\"state\":\"live\","
						+ "\"name\":\"ALICE\",\"total\":50,\"ip\":\"10.0.0.7\"}"),
				event(bus, "test", "e2", "{\"n\":2,\"region\":\"us-east-1\",\"file\":\"a.jpg\",\"state\":\"deleted\","
						+ "\"name\":\"bob\",\"total\":5000,\"ip\":\"10.0.1.7\",\"path\":\"/orders/9/items\"}"),
				event(bus, "test", "e3", "{\"n\":3,\"vip\":true,\"total\":100}"));
		Map<String, List<Integer>> expected = Map.of("prefix", List.of(1), "suffix", List.of(1), "anything-but",
				List.of(1), "ignore-case", List.of(1), "wildcard", List.of(2), "numeric", List.of(1, 3), "not-exists",
				List.of(3), "cidr", List.of(1), "or", List.of(2, 3));
		expected.forEach((operator, numbers) -> {
			List<Integer> received = new ArrayList<>();
			for (Message message : awaitMessages(this.sqs, queues.get(operator), numbers.size())) {
				received.add(json(message.body()).path("detail").path("n").asInt());
			}
			assertThat(received).as(operator).containsExactlyInAnyOrderElementsOf(numbers);
		});
		// Deliveries are over once the last event reached its targets; nothing else may have matched.
		queues.forEach((operator, queue) -> assertThat(receiveNow(this.sqs, queue)).as(operator).isEmpty());
	}

	// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html (Input, InputPath, SqsParameters)
	@Test
	void targetInputInputPathAndFifoGroup() {
		assumeNoGap("events-target-input");
		String bus = bus();
		TestQueue constant = createQueue(this.sqs, unique("input"));
		TestQueue path = createQueue(this.sqs, unique("input-path"));
		TestQueue fifo = createQueue(this.sqs, unique("events") + ".fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true",
				QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
		rule(bus, "{\"source\":[\"shop\"]}", Target.builder().id("constant").arn(constant.arn())
				.input("{\"fixed\":true}").build(), Target.builder().id("path").arn(path.arn())
				.inputPath("$.detail.order").build(), Target.builder().id("fifo").arn(fifo.arn())
				.sqsParameters((p) -> p.messageGroupId("orders")).build());
		put(event(bus, "shop", "OrderPlaced", "{\"order\":{\"id\":42}}"));
		assertThat(bodies(awaitMessages(this.sqs, constant, 1))).containsExactly("{\"fixed\":true}");
		assertThat(json(awaitMessages(this.sqs, path, 1).get(0).body()).path("id").asInt()).isEqualTo(42);
		assertThat(awaitMessages(this.sqs, fifo, 1).get(0).attributesAsStrings()).containsEntry("MessageGroupId",
				"orders");
	}

	// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html, eb-putevents.html
	@Test
	void putEventsReportsPerEntryFailuresInRequestOrder() {
		assumeNoGap("events-missing-bus-entry");
		String bus = bus();
		PutEventsResponse response = put(event(bus, "shop", "ok", "{}"), event(bus, "shop", "broken", "{not json"),
				event(bus + "-missing", "shop", "no bus", "{}"), event(bus, "shop", "ok again", "{\"a\":1}"));
		assertThat(response.failedEntryCount()).isEqualTo(2);
		assertThat(response.entries()).hasSize(4);
		assertThat(response.entries().get(0).eventId()).isNotBlank();
		assertThat(response.entries().get(1).errorCode()).isEqualTo("MalformedDetail");
		assertThat(response.entries().get(2).errorCode()).isNotBlank();
		assertThat(response.entries().get(3).eventId()).isNotBlank();
		List<PutEventsRequestEntry> eleven = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			eleven.add(event(bus, "shop", "bulk", "{}"));
		}
		assertThatExceptionOfType(EventBridgeException.class)
				.isThrownBy(() -> this.events.putEvents((b) -> b.entries(eleven)))
				.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
	}

	// https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html
	@Test
	void undeliverableEventsGoToADeadLetterQueueWhosePolicyAllowsTheRule() {
		assumeNoGap("events-target-dead-letter");
		String bus = bus();
		TestQueue doomed = createQueue(this.sqs, unique("doomed"));
		TestQueue dlq = createQueue(this.sqs, unique("dlq"));
		String ruleArn = rule(bus, "{\"source\":[\"shop\"]}", Target.builder().id("doomed").arn(doomed.arn())
				.deadLetterConfig((d) -> d.arn(dlq.arn())).retryPolicy((r) -> r.maximumRetryAttempts(2)).build());
		this.sqs.setQueueAttributes((b) -> b.queueUrl(dlq.url()).attributes(Map.of(QueueAttributeName.POLICY,
				QueuePolicy.allowServiceToSend(dlq.arn(), "events.amazonaws.com", ruleArn))));
		this.sqs.deleteQueue((b) -> b.queueUrl(doomed.url()));
		String eventId = put(event(bus, "shop", "OrderPlaced", "{\"id\":1}")).entries().get(0).eventId();
		Message dead = awaitMessages(this.sqs, dlq, 1).get(0);
		assertThat(json(dead.body()).path("id").asString()).isEqualTo(eventId);
		assertThat(dead.messageAttributes().get("RULE_ARN").stringValue()).isEqualTo(ruleArn);
		assertThat(dead.messageAttributes().get("TARGET_ARN").stringValue()).isEqualTo(doomed.arn());
		assertThat(dead.messageAttributes().get("ERROR_CODE").stringValue()).isNotBlank();
		assertThat(dead.messageAttributes().get("ERROR_MESSAGE").stringValue()).isNotBlank();
	}

	// https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html (queue policy required)
	@Test
	void undeliverableEventsAreLostWhenTheDeadLetterQueuePolicyDoesNotAllowTheRule() {
		assumeNoGap("events-target-dead-letter");
		String bus = bus();
		TestQueue doomed = createQueue(this.sqs, unique("doomed"));
		TestQueue dlq = createQueue(this.sqs, unique("dlq-wrong-policy"));
		String ruleArn = rule(bus, "{\"source\":[\"shop\"]}", Target.builder().id("doomed").arn(doomed.arn())
				.deadLetterConfig((d) -> d.arn(dlq.arn())).build());
		// Allows SNS, not EventBridge: the principal must match.
		this.sqs.setQueueAttributes((b) -> b.queueUrl(dlq.url()).attributes(Map.of(QueueAttributeName.POLICY,
				QueuePolicy.allowServiceToSend(dlq.arn(), "sns.amazonaws.com", ruleArn))));
		this.sqs.deleteQueue((b) -> b.queueUrl(doomed.url()));
		String eventId = put(event(bus, "shop", "OrderPlaced", "{\"id\":1}")).entries().get(0).eventId();
		awaitLost(eventId, dlq);
		assertThat(receiveNow(this.sqs, dlq)).isEmpty();
	}

}
