package dev.ferry.test.sns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.transport.QueueRoute;
import dev.ferry.test.aws.LocalAws;
import dev.ferry.test.aws.LocalAwsExtension;
import dev.ferry.test.aws.MotoServer;
import dev.ferry.transport.sns.SnsDestinationProperties;
import dev.ferry.transport.sns.SnsFirehoseCheck;
import dev.ferry.transport.sns.SnsOptions;
import dev.ferry.transport.sns.SnsTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.ProcessorType;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Every SNS hardening rule fires on a resource that breaks it and stays silent on one Ferry
 * provisioned: on the LocalAws stand-in, and the Firehose rule on moto, which serves Firehose.
 */
class SnsHardeningTests {

	@RegisterExtension
	static final LocalAwsExtension aws = new LocalAwsExtension();

	private static final String CMK = "arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555";

	private static SnsAsyncClient sns;

	private static SqsAsyncClient sqs;

	private static int counter;

	@BeforeAll
	static void clients() {
		LocalAws local = aws.localAws();
		sns = SnsAsyncClient.builder().endpointOverride(local.snsEndpoint()).region(local.region())
			.credentialsProvider(local.credentialsProvider()).build();
		sqs = SqsAsyncClient.builder().endpointOverride(local.sqsEndpoint()).region(local.region())
			.credentialsProvider(local.credentialsProvider()).build();
	}

	@AfterAll
	static void close() {
		sns.close();
		sqs.close();
	}

	private static synchronized String unique(String prefix) {
		return prefix + "-" + ProcessHandle.current().pid() + "-" + (++counter);
	}

	private static List<String> ruleIds(SnsTransport transport, Destination destination) {
		HardeningInspector inspector = transport.inspectors().get(0);
		return inspector.inspect(List.of(destination)).stream().map(Finding::id).toList();
	}

	@Test
	void whatFerryProvisionsPassesEveryRule() {
		SnsTransport transport = new SnsTransport(sns, sqs);
		Destination events = Destination.of("events", SnsTransport.NAME, unique("hardened"))
			.withProperties(Map.of(SnsDestinationProperties.KMS_KEY_ID, CMK));
		transport.prepare(events, true);
		transport.prepareRoute(transport.route(events, "billing"), true);

		assertThat(ruleIds(transport, events)).isEmpty();
	}

	@Test
	void unencryptedTopicAndOpenPublishPolicyFire() {
		SnsTransport transport = new SnsTransport(sns, sqs);
		String topic = unique("open");
		String arn = sns.createTopic(b -> b.name(topic)).join().topicArn();
		sns.setTopicAttributes(b -> b.topicArn(arn).attributeName("Policy").attributeValue("{\"Version\":\"2012-10-17\","
				+ "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sns:Publish\",\"Resource\":\"" + arn
				+ "\"}]}")).join();

		assertThat(ruleIds(transport, Destination.of("events", SnsTransport.NAME, topic)))
			.containsExactlyInAnyOrder("SNS-KMS-001", "SNS-POL-001");
	}

	@Test
	void subscriptionWithoutRedriveAndUnscopedQueuePolicyFire() {
		SnsTransport transport = new SnsTransport(sns, sqs);
		String topic = unique("loose");
		String topicArn = sns.createTopic(b -> b.name(topic).attributes(Map.of("KmsMasterKeyId", CMK))).join().topicArn();
		String queueArn = queue(topic + "-billing", Map.of());
		queue(topic + "-billing-dlq", Map.of());
		sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)).join();
		Destination events = Destination.of("events", SnsTransport.NAME, topic);
		transport.prepare(events, false);
		transport.prepareRoute(transport.route(events, "billing"), false);

		assertThat(ruleIds(transport, events)).containsExactlyInAnyOrder("SNS-DLQ-001", "SNS-POL-002");
	}

	@Test
	void deadLetterQueueThatDoesNotLetTheTopicSendFires() {
		SnsTransport transport = new SnsTransport(sns, sqs);
		String topic = unique("dropping");
		Destination events = Destination.of("events", SnsTransport.NAME, topic)
			.withProperties(Map.of(SnsDestinationProperties.KMS_KEY_ID, CMK));
		transport.prepare(events, true);
		QueueRoute route = transport.route(events, "billing");
		transport.prepareRoute(route, true);
		// a policy for another topic: the grant is not scoped to this one
		String url = sqs.getQueueUrl(b -> b.queueName(topic + "-billing-dlq")).join().queueUrl();
		sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY,
				"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
						+ "\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}"))).join();

		assertThat(ruleIds(transport, events)).containsExactly("SNS-DLQ-002");
	}

	@Test
	void firehoseSubscriptionWhoseStreamAppendsDelimitersFiresOnMoto() {
		MotoServer.assumeAvailable();
		MotoServer moto = MotoServer.shared();
		try (SnsAsyncClient motoSns = SnsAsyncClient.builder().endpointOverride(moto.endpoint()).region(moto.region())
			.credentialsProvider(moto.credentials()).build();
				SqsAsyncClient motoSqs = SqsAsyncClient.builder().endpointOverride(moto.endpoint()).region(moto.region())
					.credentialsProvider(moto.credentials()).build();
				FirehoseClient firehose = FirehoseClient.builder().endpointOverride(moto.endpoint()).region(moto.region())
					.credentialsProvider(moto.credentials()).build()) {
			SnsTransport transport = new SnsTransport(motoSns, motoSqs, SnsOptions.defaults(), SnsFirehoseCheck.of(firehose));
			String doubling = stream(firehose, unique("doubling"), true);
			String plain = stream(firehose, unique("plain"), false);
			String topic = unique("archive");
			String topicArn = motoSns.createTopic(b -> b.name(topic).attributes(Map.of("KmsMasterKeyId", CMK))).join()
				.topicArn();
			Destination events = Destination.of("events", SnsTransport.NAME, topic);
			for (String stream : List.of(plain)) {
				subscribeFirehose(motoSns, topicArn, stream);
			}
			assertThat(ruleIds(transport, events)).isEmpty();

			subscribeFirehose(motoSns, topicArn, doubling);
			List<Finding> findings = transport.inspectors().get(0).inspect(List.of(events));
			assertThat(findings).extracting(Finding::id).containsExactly("SNS-FH-001");
			assertThat(findings.get(0).resource()).isEqualTo(doubling);
		}
	}

	private static void subscribeFirehose(SnsAsyncClient client, String topicArn, String streamArn) {
		client.subscribe(b -> b.topicArn(topicArn).protocol("firehose").endpoint(streamArn)
			.attributes(Map.of("SubscriptionRoleArn", "arn:aws:iam::123456789012:role/sns-firehose"))).join();
	}

	private static String stream(FirehoseClient firehose, String name, boolean appendDelimiter) {
		return firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
			.extendedS3DestinationConfiguration(s3 -> {
				s3.bucketARN("arn:aws:s3:::archive").roleARN("arn:aws:iam::123456789012:role/firehose");
				if (appendDelimiter) {
					s3.processingConfiguration(p -> p.enabled(true)
						.processors(processor -> processor.type(ProcessorType.APPEND_DELIMITER_TO_RECORD)));
				}
			})).deliveryStreamARN();
	}

	private static String queue(String name, Map<QueueAttributeName, String> attributes) {
		String url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).join().queueUrl();
		return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).join()
			.attributes().get(QueueAttributeName.QUEUE_ARN);
	}

}
