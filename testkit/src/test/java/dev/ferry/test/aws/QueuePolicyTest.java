package dev.ferry.test.aws;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follows https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * for the one question the stand-ins ask of a queue policy.
 */
class QueuePolicyTest {

	private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:dlq";

	private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:orders";

	private static final String SNS = "sns.amazonaws.com";

	private static boolean allows(String policy) {
		return QueuePolicy.allowsSendMessage(policy, SNS, QUEUE, TOPIC, "000000000000");
	}

	@Test
	void noPolicyDeniesEverything() {
		assertThat(QueuePolicy.allowsSendMessage(null, SNS, QUEUE, TOPIC, "000000000000")).isFalse();
		assertThat(allows("not json")).isFalse();
	}

	@Test
	void documentedPolicyAllowsOnlyItsSource() {
		assertThat(allows(QueuePolicy.allowServiceToSend(QUEUE, SNS, TOPIC))).isTrue();
		assertThat(allows(QueuePolicy.allowServiceToSend(QUEUE, SNS, TOPIC + "-other"))).isFalse();
		assertThat(allows(QueuePolicy.allowServiceToSend(QUEUE, "events.amazonaws.com", TOPIC))).isFalse();
		assertThat(allows(QueuePolicy.allowServiceToSend(QUEUE + "-other", SNS, TOPIC))).isFalse();
	}

	@Test
	void wildcardsInActionResourceAndArnLike() {
		assertThat(allows("""
				{"Statement":{"Effect":"Allow","Principal":"*","Action":"SQS:*","Resource":"arn:aws:sqs:*:000000000000:*",
				"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:us-east-1:000000000000:ord*"}}}}""")).isTrue();
		assertThat(allows("""
				{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["sqs:ReceiveMessage"],"Resource":"*"}]}
				""")).isFalse();
		assertThat(allows("""
				{"Statement":[{"Effect":"Allow","Principal":{"Service":["sns.amazonaws.com"]},"Action":"sqs:SendMessage",
				"Condition":{"StringEquals":{"aws:SourceAccount":"000000000000"}}}]}""")).isTrue();
	}

	@Test
	void explicitDenyWins() {
		assertThat(allows("""
				{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"},
				{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*"}]}""")).isFalse();
	}

	@Test
	void unsupportedElementsNeverGrant() {
		assertThat(allows("""
				{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"sqs:*"}]}"""))
				.isFalse();
		assertThat(allows("""
				{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:*",
				"Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}""")).isFalse();
	}

}
