package dev.ferry.test.aws;

import java.util.Map;

import dev.ferry.test.aws.AwsTestSupport.TestQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static dev.ferry.test.aws.AwsTestSupport.DELIVERY_TIMEOUT;
import static dev.ferry.test.aws.AwsTestSupport.awaitMessages;
import static dev.ferry.test.aws.AwsTestSupport.createQueue;
import static dev.ferry.test.aws.AwsTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@link LocalAwsOptions#enforceEndpointQueuePolicies()}, a subscribed queue must allow
 * {@code sns.amazonaws.com} itself, as https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html
 * requires in AWS.
 */
class EndpointQueuePolicyTest {

	@RegisterExtension
	static final LocalAwsExtension aws = new LocalAwsExtension(
			LocalAwsOptions.defaults().withEnforceEndpointQueuePolicies(true));

	@Test
	void deliveryNeedsTheSubscribedQueueToAllowTheTopic() {
		SnsClient sns = aws.localAws().snsClient();
		SqsClient sqs = aws.localAws().sqsClient();
		String topicArn = sns.createTopic((b) -> b.name(unique("strict"))).topicArn();
		TestQueue open = createQueue(sqs, unique("open"), Map.of(QueueAttributeName.POLICY, ""));
		sqs.setQueueAttributes((b) -> b.queueUrl(open.url()).attributes(Map.of(QueueAttributeName.POLICY,
				QueuePolicy.allowServiceToSend(open.arn(), "sns.amazonaws.com", topicArn))));
		TestQueue closed = createQueue(sqs, unique("closed"));
		sns.subscribe((b) -> b.topicArn(topicArn).protocol("sqs").endpoint(open.arn()));
		sns.subscribe((b) -> b.topicArn(topicArn).protocol("sqs").endpoint(closed.arn()));
		String messageId = sns.publish((b) -> b.topicArn(topicArn).message("m")).messageId();
		assertThat(awaitMessages(sqs, open, 1)).hasSize(1);
		await().atMost(DELIVERY_TIMEOUT).until(() -> aws.localAws().sns().journal().records((r) -> r.messageId()
				.equals(messageId) && r.outcome() == DeliveryRecord.Outcome.LOST).size() == 1);
		assertThat(AwsTestSupport.receiveNow(sqs, closed)).isEmpty();
	}

}
