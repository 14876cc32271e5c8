package dev.ferry.test.contract.sqs;

import java.util.List;
import java.util.Map;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.test.aws.LocalAws;
import dev.ferry.transport.sqs.SqsTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule SQS-POL-001 on real queues: plain ElasticMQ drops the {@code Policy} attribute, LocalAws's
 * proxy in front of it keeps it, so the rule can be shown firing on a wrong policy and silent on a
 * right one through the SQS protocol.
 */
class SqsPolicyRuleOnLocalAwsTest {

	private static LocalAws aws;

	private static SqsAsyncClient client;

	@BeforeAll
	static void start() {
		aws = LocalAws.start();
		client = SqsAsyncClient.builder()
			.endpointOverride(aws.sqsEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
	}

	@AfterAll
	static void stop() {
		client.close();
		aws.close();
	}

	private List<String> ruleIds(String queue, String policy) {
		client.createQueue(b -> b.queueName(queue).attributes(Map.of(QueueAttributeName.POLICY, policy))).join();
		SqsTransport transport = new SqsTransport(client);
		return transport.inspectors()
			.get(0)
			.inspect(List.of(Destination.of(queue, SqsTransport.NAME, queue)))
			.stream()
			.map(Finding::id)
			.toList();
	}

	@Test
	void servicePrincipalWithoutSourceConditionsFiresAndWithThemStaysSilent() {
		String open = """
				{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},
				"Action":"sqs:SendMessage","Resource":"*"}]}""";
		String guarded = """
				{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},
				"Action":"sqs:SendMessage","Resource":"*","Condition":{
				"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:000000000000:orders"},
				"StringEquals":{"aws:SourceAccount":"000000000000"}}}]}""";
		assertThat(ruleIds("policy-open", open)).contains("SQS-POL-001");
		assertThat(ruleIds("policy-guarded", guarded)).doesNotContain("SQS-POL-001");
	}

}
