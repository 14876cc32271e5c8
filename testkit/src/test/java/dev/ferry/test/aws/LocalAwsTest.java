package dev.ferry.test.aws;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The plain Java entry point: starts, answers on three endpoints, keeps SQS queue policies that
 * ElasticMQ alone ignores, and stops.
 */
class LocalAwsTest {

	@Test
	void startsServesAndStops() {
		LocalAws aws = LocalAws.start();
		try (aws) {
			assertThat(aws.sqsEndpoint()).isNotEqualTo(aws.snsEndpoint()).isNotEqualTo(aws.eventBridgeEndpoint());
			assertThat(aws.region().id()).isEqualTo(LocalAwsAccount.REGION);
			assertThat(aws.accountId()).isEqualTo("000000000000");
			String policy = QueuePolicy.allowServiceToSend("arn:aws:sqs:us-east-1:000000000000:kept", "sns.amazonaws.com",
					"arn:aws:sns:us-east-1:000000000000:t");
			String url = aws.sqsClient().createQueue((b) -> b.queueName("kept")
					.attributes(Map.of(QueueAttributeName.POLICY, policy, QueueAttributeName.VISIBILITY_TIMEOUT, "7")))
					.queueUrl();
			assertThat(url).as("queue URLs name the policy-keeping proxy").startsWith(aws.sqsEndpoint().toString());
			Map<QueueAttributeName, String> attributes = aws.sqsClient()
					.getQueueAttributes((b) -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
			assertThat(attributes).containsEntry(QueueAttributeName.POLICY, policy)
					.containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "7");
			aws.sqsClient().setQueueAttributes((b) -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, "")));
			assertThat(aws.sqsClient().getQueueAttributes((b) -> b.queueUrl(url)
					.attributeNames(QueueAttributeName.POLICY)).attributes()).doesNotContainKey(QueueAttributeName.POLICY);
			assertThat(aws.snsClient().listTopics().topics()).isEmpty();
			assertThat(aws.eventBridgeClient().listEventBuses((b) -> { }).eventBuses()).extracting((b) -> b.name())
					.containsExactly("default");
		}
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> aws.newSnsClient().listTopics());
	}

	@Test
	void optionsAreValidated() {
		assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> LocalAwsOptions.defaults().withRetryDelay(java.time.Duration.ofMillis(-1)));
	}

}
