package dev.ferry.test.aws.sns;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sns.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sns.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.TooManyEntriesInBatchRequestException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;

import static dev.ferry.test.aws.AwsTestSupport.awaitMessages;
import static dev.ferry.test.aws.AwsTestSupport.createFifoQueue;
import static dev.ferry.test.aws.AwsTestSupport.createQueue;
import static dev.ferry.test.aws.AwsTestSupport.receiveNow;
import static dev.ferry.test.aws.AwsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SNS conformance suite: drives a backend through the real SDK v2 {@link SnsClient} and
 * {@link SqsClient} and checks the behaviour AWS documents. Each test names the document it follows.
 * Subclasses supply the backend ({@link #endpoints()}) and its delivery-failure observations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractSnsConformanceTest {

	protected SnsClient sns;

	protected SqsClient sqs;

	/** @return the backend under test */
	protected abstract AwsEndpoints endpoints();

	/** Waits until the backend has given up on the message for good (not delivered, not dead-lettered). */
	protected abstract void awaitLost(String messageId, TestQueue deadLetterQueue);

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
		this.sns = endpoints().newSnsClient();
		this.sqs = endpoints().newSqsClient();
	}

	@AfterAll
	void closeClients() {
		this.sns.close();
		this.sqs.close();
	}

	protected String topic(String name) {
		return this.sns.createTopic((b) -> b.name(name)).topicArn();
	}

	protected String fifoTopic(String name, boolean contentBasedDeduplication) {
		return this.sns.createTopic((b) -> b.name(name + ".fifo").attributes(Map.of("FifoTopic", "true",
				"ContentBasedDeduplication", Boolean.toString(contentBasedDeduplication)))).topicArn();
	}

	protected String subscribe(String topicArn, TestQueue queue, Map<String, String> attributes) {
		return this.sns.subscribe((b) -> b.topicArn(topicArn).protocol("sqs").endpoint(queue.arn())
				.attributes(attributes).returnSubscriptionArn(true)).subscriptionArn();
	}

	protected static JsonNode json(String text) {
		return Json.MAPPER.readTree(text);
	}

	// https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html, API_GetTopicAttributes.html
	@Test
	void topicLifecycleAndAttributes() {
		String name = unique("topic");
		String arn = topic(name);
		assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:" + endpoints().accountId() + ":" + name);
		assertThat(topic(name)).as("CreateTopic is idempotent").isEqualTo(arn);
		this.sns.setTopicAttributes((b) -> b.topicArn(arn).attributeName("KmsMasterKeyId").attributeValue("alias/aws/sns"));
		Map<String, String> attributes = this.sns.getTopicAttributes((b) -> b.topicArn(arn)).attributes();
		assertThat(attributes).containsEntry("TopicArn", arn).containsEntry("KmsMasterKeyId", "alias/aws/sns")
				.containsKey("Policy");
		assertThat(this.sns.listTopicsPaginator().topics()).anyMatch((t) -> t.topicArn().equals(arn));
		this.sns.deleteTopic((b) -> b.topicArn(arn));
		this.sns.deleteTopic((b) -> b.topicArn(arn)); // DeleteTopic on a missing topic is not an error
		assertThatExceptionOfType(NotFoundException.class)
				.isThrownBy(() -> this.sns.getTopicAttributes((b) -> b.topicArn(arn)));
	}

	// https://docs.aws.amazon.com/sns/latest/api/API_TagResource.html, API_ListTagsForResource.html
	@Test
	void topicTags() {
		String arn = this.sns.createTopic((b) -> b.name(unique("tagged")).tags((t) -> t.key("team").value("orders")))
				.topicArn();
		this.sns.tagResource((b) -> b.resourceArn(arn).tags((t) -> t.key("env").value("local")));
		this.sns.untagResource((b) -> b.resourceArn(arn).tagKeys("team"));
		assertThat(this.sns.listTagsForResource((b) -> b.resourceArn(arn)).tags())
				.extracting((t) -> t.key() + "=" + t.value()).containsExactly("env=local");
		assertThatExceptionOfType(ResourceNotFoundException.class)
				.isThrownBy(() -> this.sns.listTagsForResource((b) -> b.resourceArn(arn + "-missing")));
	}

	// https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (FIFO names end with .fifo)
	@Test
	void fifoTopicAttributesAndNameRules() {
		String arn = fifoTopic(unique("orders"), true);
		assertThat(this.sns.getTopicAttributes((b) -> b.topicArn(arn)).attributes())
				.containsEntry("FifoTopic", "true").containsEntry("ContentBasedDeduplication", "true");
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> this.sns.createTopic(
				(b) -> b.name(unique("no-suffix")).attributes(Map.of("FifoTopic", "true"))));
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(
				() -> this.sns.subscribe((b) -> b.topicArn(topic(unique("std"))).protocol("sqs")
						.endpoint(createFifoQueue(this.sqs, unique("fq")).arn())));
	}

	// https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html, http-notification-json.html
	@Test
	void publishDeliversTheEnvelopeToEverySubscribedQueue() {
		String topicArn = topic(unique("fanout"));
		TestQueue first = createQueue(this.sqs, unique("q1"));
		TestQueue second = createQueue(this.sqs, unique("q2"));
		subscribe(topicArn, first, Map.of());
		subscribe(topicArn, second, Map.of());
		String messageId = this.sns.publish((b) -> b.topicArn(topicArn).subject("Greeting").message("hello")
				.messageAttributes(Map.of("kind", stringAttribute("greeting"), "blob", MessageAttributeValue.builder()
						.dataType("Binary").binaryValue(SdkBytes.fromByteArray(new byte[] { 1, 2, 3 })).build())))
				.messageId();
		for (TestQueue queue : List.of(first, second)) {
			JsonNode envelope = json(awaitMessages(this.sqs, queue, 1).get(0).body());
			assertThat(envelope.path("Type").asString()).isEqualTo("Notification");
			assertThat(envelope.path("MessageId").asString()).isEqualTo(messageId);
			assertThat(envelope.path("TopicArn").asString()).isEqualTo(topicArn);
			assertThat(envelope.path("Subject").asString()).isEqualTo("Greeting");
			assertThat(envelope.path("Message").asString()).isEqualTo("hello");
			if (checks("sns-signature-version-default")) {
				assertThat(envelope.path("SignatureVersion").asString()).isEqualTo("1");
			}
			assertThat(envelope.has("Signature") && envelope.has("SigningCertURL") && envelope.has("UnsubscribeURL")
					&& envelope.has("Timestamp")).isTrue();
			assertThat(envelope.path("MessageAttributes").path("kind").path("Type").asString()).isEqualTo("String");
			assertThat(envelope.path("MessageAttributes").path("kind").path("Value").asString()).isEqualTo("greeting");
			assertThat(envelope.path("MessageAttributes").path("blob").path("Type").asString()).isEqualTo("Binary");
			assertThat(envelope.path("MessageAttributes").path("blob").path("Value").asString()).isEqualTo("AQID");
		}
	}

	// https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html
	@Test
	void rawDeliveryKeepsBodyAndAttributesOfEveryType() {
		assumeNoGap("sns-raw-typed-attributes");
		String topicArn = topic(unique("raw"));
		TestQueue queue = createQueue(this.sqs, unique("raw"));
		subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));
		this.sns.publish((b) -> b.topicArn(topicArn).message("{\"order\":42}").messageAttributes(Map.of(
				"text", stringAttribute("abc"),
				"count", MessageAttributeValue.builder().dataType("Number").stringValue("12.5").build(),
				"blob", MessageAttributeValue.builder().dataType("Binary")
						.binaryValue(SdkBytes.fromByteArray(new byte[] { 1, 2, 3 })).build(),
				"tags", MessageAttributeValue.builder().dataType("String.Array").stringValue("[\"a\",\"b\"]").build())));
		Message message = awaitMessages(this.sqs, queue, 1).get(0);
		assertThat(message.body()).isEqualTo("{\"order\":42}");
		assertThat(message.messageAttributes().get("text").stringValue()).isEqualTo("abc");
		assertThat(message.messageAttributes().get("count").dataType()).isEqualTo("Number");
		assertThat(message.messageAttributes().get("count").stringValue()).isEqualTo("12.5");
		assertThat(message.messageAttributes().get("blob").binaryValue().asByteArray()).containsExactly(1, 2, 3);
		assertThat(message.messageAttributes().get("tags").stringValue()).isEqualTo("[\"a\",\"b\"]");
	}

	// https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html (attribute scope)
	@Test
	void attributeFilterPoliciesMatchByType() {
		String topicArn = topic(unique("filter"));
		TestQueue numeric = createQueue(this.sqs, unique("numeric"));
		TestQueue array = createQueue(this.sqs, unique("array"));
		TestQueue anythingBut = createQueue(this.sqs, unique("anything-but"));
		subscribe(topicArn, numeric, Map.of("RawMessageDelivery", "true", "FilterPolicy",
				"{\"price\":[{\"numeric\":[\">=\",100]}]}"));
		subscribe(topicArn, array, Map.of("RawMessageDelivery", "true", "FilterPolicy",
				"{\"tags\":[\"red\"],\"store\":[{\"prefix\":\"eu-\"}]}"));
		subscribe(topicArn, anythingBut, Map.of("RawMessageDelivery", "true", "FilterPolicy",
				"{\"$or\":[{\"store\":[{\"anything-but\":[\"eu-west\"]}]},{\"vip\":[{\"exists\":true}]}]}"));
		publish(topicArn, "cheap", Map.of("price", numberAttribute("99"), "store", stringAttribute("eu-west")));
		publish(topicArn, "string-price", Map.of("price", stringAttribute("150"), "store", stringAttribute("eu-west")));
		publish(topicArn, "expensive", Map.of("price", numberAttribute("100.0"), "store", stringAttribute("us-east"),
				"tags", MessageAttributeValue.builder().dataType("String.Array").stringValue("[\"blue\",\"red\"]")
						.build()));
		publish(topicArn, "eu-red", Map.of("store", stringAttribute("eu-north"), "tags",
				MessageAttributeValue.builder().dataType("String.Array").stringValue("[\"red\"]").build()));
		publish(topicArn, "vip", Map.of("store", stringAttribute("eu-west"), "vip", stringAttribute("yes")));

		assertThat(bodies(awaitMessages(this.sqs, numeric, 1))).containsExactly("expensive");
		assertThat(bodies(awaitMessages(this.sqs, array, 1))).containsExactly("eu-red");
		assertThat(bodies(awaitMessages(this.sqs, anythingBut, 3))).containsExactlyInAnyOrder("expensive", "eu-red",
				"vip");
		// "string-price" (published before "expensive") carries 150 as a String: a numeric condition must not match.
		assertThat(receiveNow(this.sqs, numeric)).isEmpty();
	}

	// https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering-scope.html (payload-based filtering)
	@Test
	void bodyFilterPolicyMatchesThePayload() {
		String topicArn = topic(unique("body"));
		TestQueue queue = createQueue(this.sqs, unique("body"));
		subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true", "FilterPolicyScope", "MessageBody",
				"FilterPolicy", "{\"order\":{\"status\":[\"PAID\"],\"total\":[{\"numeric\":[\">\",10]}]}}"));
		publish(topicArn, "{\"order\":{\"status\":\"NEW\",\"total\":50}}", Map.of());
		publish(topicArn, "not json", Map.of());
		publish(topicArn, "{\"order\":{\"status\":\"PAID\",\"total\":50}}", Map.of());
		assertThat(bodies(awaitMessages(this.sqs, queue, 1)))
				.containsExactly("{\"order\":{\"status\":\"PAID\",\"total\":50}}");
		assertThat(this.sns.getSubscriptionAttributes((b) -> b.subscriptionArn(this.sns.listSubscriptionsByTopic(
				(l) -> l.topicArn(topicArn)).subscriptions().get(0).subscriptionArn())).attributes())
				.containsEntry("FilterPolicyScope", "MessageBody");
	}

	// https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
	@Test
	void invalidFilterPoliciesAreRejected() {
		String topicArn = topic(unique("bad-filter"));
		TestQueue queue = createQueue(this.sqs, unique("bad-filter"));
		String subscription = subscribe(topicArn, queue, Map.of());
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> this.sns.setSubscriptionAttributes(
				(b) -> b.subscriptionArn(subscription).attributeName("FilterPolicy").attributeValue("{\"a\": \"x\"}")));
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> this.sns.setSubscriptionAttributes(
				(b) -> b.subscriptionArn(subscription).attributeName("FilterPolicy")
						.attributeValue("{\"a\":[1],\"b\":[1],\"c\":[1],\"d\":[1],\"e\":[1],\"f\":[1]}")));
	}

	// https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html, fifo-message-grouping.html
	@Test
	void fifoTopicDeliversInOrderWithGroupAndDeduplication() {
		assumeNoGap("sns-missing-group-id-error");
		String topicArn = fifoTopic(unique("fifo"), false);
		TestQueue queue = createFifoQueue(this.sqs, unique("fifo"));
		subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));
		assertThatExceptionOfType(InvalidParameterException.class).as("MessageGroupId is required")
				.isThrownBy(() -> this.sns.publish((b) -> b.topicArn(topicArn).message("x").messageDeduplicationId("d")));
		assertThatExceptionOfType(InvalidParameterException.class).as("no content-based deduplication")
				.isThrownBy(() -> this.sns.publish((b) -> b.topicArn(topicArn).message("x").messageGroupId("g")));
		var first = this.sns.publish((b) -> b.topicArn(topicArn).message("one").messageGroupId("g1")
				.messageDeduplicationId("d1"));
		var duplicate = this.sns.publish((b) -> b.topicArn(topicArn).message("one again").messageGroupId("g1")
				.messageDeduplicationId("d1"));
		this.sns.publish((b) -> b.topicArn(topicArn).message("two").messageGroupId("g1").messageDeduplicationId("d2"));
		assertThat(first.sequenceNumber()).isNotBlank();
		assertThat(duplicate.messageId()).isEqualTo(first.messageId());
		List<Message> messages = awaitMessages(this.sqs, queue, 2);
		assertThat(bodies(messages)).containsExactly("one", "two");
		assertThat(messages.get(0).attributesAsStrings()).containsEntry("MessageGroupId", "g1")
				.containsEntry("MessageDeduplicationId", "d1");
	}

	// https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html
	@Test
	void publishBatchReportsEachEntry() {
		assumeNoGap("sns-batch-entry-failure");
		String topicArn = fifoTopic(unique("batch"), true);
		TestQueue queue = createFifoQueue(this.sqs, unique("batch"));
		subscribe(topicArn, queue, Map.of("RawMessageDelivery", "true"));
		PublishBatchResponse response = this.sns.publishBatch((b) -> b.topicArn(topicArn).publishBatchRequestEntries(
				entry("a", "first").toBuilder().messageGroupId("g").build(),
				entry("b", "no group"),
				entry("c", "third").toBuilder().messageGroupId("g").build()));
		assertThat(response.successful()).extracting((s) -> s.id()).containsExactly("a", "c");
		assertThat(response.successful()).allMatch((s) -> s.messageId() != null && s.sequenceNumber() != null);
		assertThat(response.failed()).singleElement().satisfies((f) -> {
			assertThat(f.id()).isEqualTo("b");
			assertThat(f.code()).isEqualTo("InvalidParameter");
			assertThat(f.senderFault()).isTrue();
		});
		assertThat(bodies(awaitMessages(this.sqs, queue, 2))).containsExactly("first", "third");
	}

	// https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html (Errors)
	@Test
	void publishBatchRequestErrors() {
		assumeNoGap("sns-batch-request-errors");
		String topicArn = topic(unique("batch-errors"));
		List<PublishBatchRequestEntry> eleven = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			eleven.add(entry("e" + i, "m"));
		}
		assertThatExceptionOfType(TooManyEntriesInBatchRequestException.class)
				.isThrownBy(() -> this.sns.publishBatch((b) -> b.topicArn(topicArn).publishBatchRequestEntries(eleven)));
		assertThatExceptionOfType(BatchEntryIdsNotDistinctException.class).isThrownBy(() -> this.sns.publishBatch(
				(b) -> b.topicArn(topicArn).publishBatchRequestEntries(entry("x", "1"), entry("x", "2"))));
		assertThatExceptionOfType(EmptyBatchRequestException.class).isThrownBy(
				() -> this.sns.publishBatch((b) -> b.topicArn(topicArn).publishBatchRequestEntries(List.of())));
		String big = "x".repeat(200_000);
		assertThatExceptionOfType(BatchRequestTooLongException.class).isThrownBy(() -> this.sns.publishBatch(
				(b) -> b.topicArn(topicArn).publishBatchRequestEntries(entry("a", big), entry("b", big))));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.sns.publishBatch(
				(b) -> b.topicArn(topicArn + "-missing").publishBatchRequestEntries(entry("a", "m"))));
	}

	// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (Errors), sns-message-attributes.html
	@Test
	void publishErrors() {
		assumeNoGap("sns-number-attribute-error");
		String topicArn = topic(unique("errors"));
		assertThatExceptionOfType(NotFoundException.class)
				.isThrownBy(() -> this.sns.publish((b) -> b.topicArn(topicArn + "-missing").message("m")));
		assertThatExceptionOfType(InvalidParameterException.class)
				.isThrownBy(() -> this.sns.publish((b) -> b.topicArn(topicArn).message("x".repeat(262_145))));
		assertThatExceptionOfType(InvalidParameterValueException.class).isThrownBy(() -> this.sns.publish((b) -> b
				.topicArn(topicArn).message("m").messageAttributes(Map.of("n", numberAttribute("not-a-number")))));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.sns.subscribe(
				(b) -> b.topicArn(topicArn + "-missing").protocol("sqs").endpoint("arn:aws:sqs:us-east-1:000000000000:q")));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(
				() -> this.sns.unsubscribe((b) -> b.subscriptionArn(topicArn + ":00000000-0000-0000-0000-000000000000")));
	}

	// https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
	@Test
	void failedDeliveryGoesToADeadLetterQueueWhosePolicyAllowsTheTopic() {
		assumeNoGap("sns-subscription-dead-letter");
		String topicArn = topic(unique("dlq"));
		TestQueue doomed = createQueue(this.sqs, unique("doomed"));
		TestQueue dlq = createQueue(this.sqs, unique("dlq"));
		this.sqs.setQueueAttributes((b) -> b.queueUrl(dlq.url()).attributes(Map.of(QueueAttributeName.POLICY,
				QueuePolicy.allowServiceToSend(dlq.arn(), "sns.amazonaws.com", topicArn))));
		subscribe(topicArn, doomed, Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\"}"));
		this.sqs.deleteQueue((b) -> b.queueUrl(doomed.url()));
		String messageId = this.sns.publish((b) -> b.topicArn(topicArn).message("rescued")).messageId();
		JsonNode envelope = json(awaitMessages(this.sqs, dlq, 1).get(0).body());
		assertThat(envelope.path("MessageId").asString()).isEqualTo(messageId);
		assertThat(envelope.path("Message").asString()).isEqualTo("rescued");
	}

	// https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html (FIFO topic ⇒ FIFO dead-letter queue)
	@Test
	void fifoSubscriptionDeadLettersKeepGroupAndDeduplicationIds() {
		assumeNoGap("sns-subscription-dead-letter");
		String topicArn = fifoTopic(unique("fifo-dlq"), false);
		TestQueue doomed = createFifoQueue(this.sqs, unique("doomed"));
		TestQueue dlq = createFifoQueue(this.sqs, unique("fifo-dlq"));
		TestQueue standardDlq = createQueue(this.sqs, unique("std-dlq"));
		this.sqs.setQueueAttributes((b) -> b.queueUrl(dlq.url()).attributes(Map.of(QueueAttributeName.POLICY,
				QueuePolicy.allowServiceToSend(dlq.arn(), "sns.amazonaws.com", topicArn))));
		String subscription = subscribe(topicArn, doomed, Map.of("RawMessageDelivery", "true"));
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> this.sns.setSubscriptionAttributes(
				(b) -> b.subscriptionArn(subscription).attributeName("RedrivePolicy")
						.attributeValue("{\"deadLetterTargetArn\":\"" + standardDlq.arn() + "\"}")));
		this.sns.setSubscriptionAttributes((b) -> b.subscriptionArn(subscription).attributeName("RedrivePolicy")
				.attributeValue("{\"deadLetterTargetArn\":\"" + dlq.arn() + "\"}"));
		this.sqs.deleteQueue((b) -> b.queueUrl(doomed.url()));
		this.sns.publish((b) -> b.topicArn(topicArn).message("ordered").messageGroupId("g7").messageDeduplicationId("d7"));
		Message dead = awaitMessages(this.sqs, dlq, 1).get(0);
		assertThat(dead.body()).isEqualTo("ordered");
		assertThat(dead.attributesAsStrings()).containsEntry("MessageGroupId", "g7")
				.containsEntry("MessageDeduplicationId", "d7");
	}

	// https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html (queue policy required)
	@Test
	void failedDeliveryIsLostWhenTheDeadLetterQueuePolicyDoesNotAllowTheTopic() {
		assumeNoGap("sns-subscription-dead-letter");
		String topicArn = topic(unique("lost"));
		TestQueue doomed = createQueue(this.sqs, unique("doomed"));
		TestQueue dlq = createQueue(this.sqs, unique("dlq-no-policy"));
		// A policy for another topic: the aws:SourceArn condition must not match ours.
		this.sqs.setQueueAttributes((b) -> b.queueUrl(dlq.url()).attributes(Map.of(QueueAttributeName.POLICY,
				QueuePolicy.allowServiceToSend(dlq.arn(), "sns.amazonaws.com", topicArn + "-other"))));
		subscribe(topicArn, doomed, Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\"}"));
		this.sqs.deleteQueue((b) -> b.queueUrl(doomed.url()));
		String messageId = this.sns.publish((b) -> b.topicArn(topicArn).message("gone")).messageId();
		awaitLost(messageId, dlq);
		assertThat(receiveNow(this.sqs, dlq)).isEmpty();
	}

	// https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
	@Test
	void envelopeSignaturesVerifyWithTheCertificateAtSigningCertUrl() throws Exception {
		assumeNoGap("sns-signature-version-default");
		String topicArn = topic(unique("signed"));
		TestQueue queue = createQueue(this.sqs, unique("signed"));
		subscribe(topicArn, queue, Map.of());
		this.sns.publish((b) -> b.topicArn(topicArn).subject("v1").message("signed with SHA1withRSA"));
		String v1 = awaitMessages(this.sqs, queue, 1).get(0).body();
		assertThat(json(v1).path("SignatureVersion").asString()).isEqualTo("1");
		assertThat(SnsSignatureVerifier.verify(v1)).isTrue();
		assertThat(SnsSignatureVerifier.verify(v1.replace("signed with", "tampered with"))).isFalse();

		this.sns.setTopicAttributes((b) -> b.topicArn(topicArn).attributeName("SignatureVersion").attributeValue("2"));
		this.sns.publish((b) -> b.topicArn(topicArn).message("signed with SHA256withRSA"));
		String v2 = awaitMessages(this.sqs, queue, 1).get(0).body();
		assertThat(json(v2).path("SignatureVersion").asString()).isEqualTo("2");
		assertThat(SnsSignatureVerifier.verify(v2)).isTrue();
	}

	protected void publish(String topicArn, String message, Map<String, MessageAttributeValue> attributes) {
		this.sns.publish((b) -> b.topicArn(topicArn).message(message).messageAttributes(attributes));
	}

	protected static MessageAttributeValue stringAttribute(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	protected static MessageAttributeValue numberAttribute(String value) {
		return MessageAttributeValue.builder().dataType("Number").stringValue(value).build();
	}

	protected static PublishBatchRequestEntry entry(String id, String message) {
		return PublishBatchRequestEntry.builder().id(id).message(message).build();
	}

	protected static List<String> bodies(List<Message> messages) {
		return messages.stream().map(Message::body).toList();
	}

	protected static String get(String url) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

}
