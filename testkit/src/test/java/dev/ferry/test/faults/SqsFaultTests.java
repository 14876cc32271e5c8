package dev.ferry.test.faults;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.Transport;
import dev.ferry.transport.sqs.SqsTransport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The fault suite on SQS: ElasticMQ in this JVM, its endpoint stopped and restarted for the outage. */
class SqsFaultTests extends FaultSuite {

	@Override
	protected FaultFixture createFixture() {
		return new SqsFaultFixture();
	}

	@Override
	protected List<EncodedMessage> invalidAttributes() {
		Map<String, String> tooMany = new HashMap<>();
		for (int i = 0; i < 11; i++) {
			tooMany.put("attribute-" + i, "value");
		}
		return List.of(raw("invalid-attribute-name", "{\"n\":1,\"poison\":false}", Map.of("bad name!", "x")),
				raw("reserved-attribute-name", "{\"n\":1,\"poison\":false}", Map.of("AWS.trace", "x")),
				raw("too-many-attributes", "{\"n\":1,\"poison\":false}", tooMany));
	}

	private static final class SqsFaultFixture implements FaultFixture {

		private final RestartableElasticMq server = new RestartableElasticMq().start();

		private final SqsAsyncClient client = SqsAsyncClient.builder()
			.endpointOverride(this.server.endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();

		private final SqsTransport transport = new SqsTransport(this.client);

		@Override
		public String name() {
			return "sqs";
		}

		@Override
		public Transport transport() {
			return this.transport;
		}

		@Override
		public Destination createDestination(String name, RetryPolicy retry) {
			String dlqUrl = create(name + "-dlq", new EnumMap<>(QueueAttributeName.class));
			String dlqArn = this.client
				.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
				.join()
				.attributes()
				.get(QueueAttributeName.QUEUE_ARN);
			Map<QueueAttributeName, String> queue = new EnumMap<>(QueueAttributeName.class);
			queue.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
					+ "\",\"maxReceiveCount\":\"" + (retry.maxAttempts() + 2) + "\"}");
			create(name, queue);
			return Destination.of(name, SqsTransport.NAME, name).withRetry(retry);
		}

		@Override
		public Destination deadLetterDestination(String name, Destination source) {
			return Destination.of(name, SqsTransport.NAME, source.resource() + "-dlq");
		}

		@Override
		public void beginOutage() {
			this.server.stopEndpoint();
		}

		@Override
		public void endOutage() {
			this.server.start();
		}

		@Override
		public Duration minimumRetryDelay() {
			return Duration.ofSeconds(1);
		}

		@Override
		public int parallelism() {
			return 4;
		}

		private String create(String name, Map<QueueAttributeName, String> attributes) {
			return this.client.createQueue(CreateQueueRequest.builder().queueName(name).attributes(attributes).build())
				.join()
				.queueUrl();
		}

		@Override
		public void close() throws Exception {
			this.transport.close();
			this.client.close();
			this.server.close();
		}

	}

}
