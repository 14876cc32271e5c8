package dev.ferry.test.aws.sns;

import java.util.List;
import java.util.Map;

import dev.ferry.test.aws.AwsEndpoints;
import dev.ferry.test.aws.AwsTestSupport.TestQueue;
import dev.ferry.test.aws.DeliveryRecord;
import dev.ferry.test.aws.LocalAwsExtension;
import dev.ferry.test.aws.QueuePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static dev.ferry.test.aws.AwsTestSupport.DELIVERY_TIMEOUT;
import static dev.ferry.test.aws.AwsTestSupport.awaitMessages;
import static dev.ferry.test.aws.AwsTestSupport.createQueue;
import static dev.ferry.test.aws.AwsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Runs the SNS conformance suite against the in-process stand-in, plus what only the stand-in
 * offers: fault injection, the delivery journal, and HTTP subscribers on this machine.
 */
class LocalSnsConformanceTest extends AbstractSnsConformanceTest {

	@RegisterExtension
	static final LocalAwsExtension aws = new LocalAwsExtension();

	@Override
	protected AwsEndpoints endpoints() {
		return aws.localAws();
	}

	@Override
	protected void awaitLost(String messageId, TestQueue deadLetterQueue) {
		await().atMost(DELIVERY_TIMEOUT).until(() -> !aws.localAws().sns().journal().records((r) -> r.messageId()
				.equals(messageId) && r.outcome() == DeliveryRecord.Outcome.LOST).isEmpty());
	}

	@Test
	void injectedFaultsFailOnlyTheMatchingBatchEntries() {
		String topicArn = topic(unique("faults"));
		aws.localAws().sns().faults().failNext(1, (entry) -> entry.message().startsWith("flaky"), "InternalError",
				"injected");
		PublishBatchResponse response = this.sns.publishBatch((b) -> b.topicArn(topicArn).publishBatchRequestEntries(
				entry("1", "steady"), entry("2", "flaky one"), entry("3", "flaky two")));
		assertThat(response.successful()).extracting((s) -> s.id()).containsExactly("1", "3");
		assertThat(response.failed()).singleElement().satisfies((f) -> {
			assertThat(f.id()).isEqualTo("2");
			assertThat(f.code()).isEqualTo("InternalError");
			assertThat(f.senderFault()).isFalse();
		});
		PublishBatchResponse retry = this.sns.publishBatch((b) -> b.topicArn(topicArn)
				.publishBatchRequestEntries(entry("2", "flaky one")));
		assertThat(retry.failed()).as("the fault was armed for one entry only").isEmpty();
	}

	@Test
	void unsupportedFeaturesFailLoudly() {
		String topicArn = topic(unique("loud"));
		assertThatExceptionOfType(SnsException.class)
				.isThrownBy(() -> this.sns.subscribe((b) -> b.topicArn(topicArn).protocol("email").endpoint("a@b.c")))
				.satisfies((ex) -> {
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("FerryLocalUnsupported");
					assertThat(ex.getMessage()).contains("email");
				});
		assertThatExceptionOfType(SnsException.class)
				.isThrownBy(() -> this.sns.publish((b) -> b.phoneNumber("+15555550100").message("sms")))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("PhoneNumber"));
		assertThatExceptionOfType(SnsException.class).isThrownBy(() -> this.sns.setTopicAttributes(
				(b) -> b.topicArn(topicArn).attributeName("DeliveryPolicy").attributeValue("{}")))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("DeliveryPolicy"));
		assertThatExceptionOfType(SnsException.class)
				.isThrownBy(() -> this.sns.addPermission((b) -> b.topicArn(topicArn).label("l").awsAccountIds("111111111111")
						.actionNames("Publish")))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("AddPermission"));
	}

	// https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html (confirmation handshake)
	@Test
	void httpSubscriptionConfirmationHandshake() throws Exception {
		String topicArn = topic(unique("http"));
		try (RecordingHttpEndpoint endpoint = new RecordingHttpEndpoint()) {
			String pending = this.sns.subscribe((b) -> b.topicArn(topicArn).protocol("http").endpoint(endpoint.url()))
					.subscriptionArn();
			assertThat(pending).isEqualTo("pending confirmation");
			await().atMost(DELIVERY_TIMEOUT).until(() -> !endpoint.received("SubscriptionConfirmation").isEmpty());
			RecordingHttpEndpoint.Received confirmation = endpoint.received("SubscriptionConfirmation").get(0);
			assertThat(confirmation.header("x-amz-sns-topic-arn")).isEqualTo(topicArn);
			assertThat(SnsSignatureVerifier.verify(confirmation.body())).isTrue();
			this.sns.publish((b) -> b.topicArn(topicArn).message("before confirmation"));
			assertThat(this.sns.listSubscriptionsByTopic((b) -> b.topicArn(topicArn)).subscriptions())
					.singleElement().satisfies((s) -> assertThat(s.subscriptionArn()).isEqualTo("PendingConfirmation"));

			String confirmed = get(json(confirmation.body()).path("SubscribeURL").asString());
			assertThat(confirmed).contains("<ConfirmSubscriptionResponse");
			this.sns.publish((b) -> b.topicArn(topicArn).message("after confirmation"));
			await().atMost(DELIVERY_TIMEOUT).until(() -> !endpoint.received("Notification").isEmpty());
			List<RecordingHttpEndpoint.Received> notifications = endpoint.received("Notification");
			assertThat(notifications).hasSize(1);
			RecordingHttpEndpoint.Received notification = notifications.get(0);
			assertThat(json(notification.body()).path("Message").asString()).isEqualTo("after confirmation");
			assertThat(notification.header("x-amz-sns-subscription-arn")).startsWith(topicArn + ":");
			assertThat(SnsSignatureVerifier.verify(notification.body())).isTrue();
		}
	}

	// https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.retry.html, sns-dead-letter-queues.html
	@Test
	void httpServerErrorsAreRetriedThenDeadLettered() throws Exception {
		String topicArn = topic(unique("http-dlq"));
		TestQueue dlq = createQueue(this.sqs, unique("http-dlq"));
		this.sqs.setQueueAttributes((b) -> b.queueUrl(dlq.url()).attributes(Map.of(QueueAttributeName.POLICY,
				QueuePolicy.allowServiceToSend(dlq.arn(), "sns.amazonaws.com", topicArn))));
		try (RecordingHttpEndpoint endpoint = new RecordingHttpEndpoint()) {
			String arn = this.sns.subscribe((b) -> b.topicArn(topicArn).protocol("http").endpoint(endpoint.url())
					.returnSubscriptionArn(true)).subscriptionArn();
			await().atMost(DELIVERY_TIMEOUT).until(() -> !endpoint.received("SubscriptionConfirmation").isEmpty());
			this.sns.confirmSubscription((b) -> b.topicArn(topicArn)
					.token(json(endpoint.received("SubscriptionConfirmation").get(0).body()).path("Token").asString()));
			this.sns.setSubscriptionAttributes((b) -> b.subscriptionArn(arn).attributeName("RedrivePolicy")
					.attributeValue("{\"deadLetterTargetArn\":\"" + dlq.arn() + "\"}"));
			endpoint.answerWith(503);
			String messageId = this.sns.publish((b) -> b.topicArn(topicArn).message("unlucky")).messageId();
			assertThat(json(awaitMessages(this.sqs, dlq, 1).get(0).body()).path("MessageId").asString())
					.isEqualTo(messageId);
			assertThat(endpoint.received("Notification")).hasSize(1 + SnsHttpDelivery.DEFAULT_RETRIES);
		}
	}

}
