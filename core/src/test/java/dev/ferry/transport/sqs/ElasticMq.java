package dev.ferry.transport.sqs;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One in-process ElasticMQ for the SQS tests of this module (core cannot use testkit's extension,
 * which depends on core). Started once per JVM, stopped by a shutdown hook.
 */
final class ElasticMq {

	private static ElasticMq instance;

	private final SQSRestServer server;

	private final SqsAsyncClient client;

	private final int port;

	private ElasticMq() {
		this.server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion("us-east-1").start();
		int port = this.server.waitUntilStarted().localAddress().getPort();
		this.port = port;
		this.client = SqsAsyncClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.build();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			this.client.close();
			this.server.stopAndWait();
		}));
	}

	static synchronized ElasticMq get() {
		if (instance == null) {
			instance = new ElasticMq();
		}
		return instance;
	}

	SqsAsyncClient client() {
		return this.client;
	}

	/** A new client of this server whose requests pass the interceptors (to count what goes on the wire). */
	SqsAsyncClient clientWith(software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
		return SqsAsyncClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + this.port))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
			.overrideConfiguration(configuration -> {
				for (software.amazon.awssdk.core.interceptor.ExecutionInterceptor interceptor : interceptors) {
					configuration.addExecutionInterceptor(interceptor);
				}
			})
			.build();
	}

	String createQueue(String name, Map<QueueAttributeName, String> attributes) {
		return this.client.createQueue(CreateQueueRequest.builder().queueName(name).attributes(attributes).build())
			.join()
			.queueUrl();
	}

	String arnOf(String url) {
		return this.client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
			.join()
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
	}

	/** Creates {@code name} with a dead-letter queue {@code name-dlq} (FIFO-aware) and returns the queue URL. */
	String createWithDeadLetterQueue(String name, int maxReceiveCount) {
		boolean fifo = name.endsWith(".fifo");
		String dlqName = SqsProvisioner.deadLetterName(name);
		String dlqUrl = createQueue(dlqName, fifo ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of());
		Map<QueueAttributeName, String> attributes = new java.util.EnumMap<>(QueueAttributeName.class);
		if (fifo) {
			attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
		}
		attributes.put(QueueAttributeName.REDRIVE_POLICY,
				new SqsQueue.RedrivePolicy(arnOf(dlqUrl), maxReceiveCount).toJson());
		return createQueue(name, attributes);
	}

	/**
	 * Receives until {@code expected} messages arrived or 20 one-second polls found no more, asking
	 * for every user and system attribute.
	 */
	List<Message> drain(String url, int expected) {
		List<Message> received = new ArrayList<>();
		for (int i = 0; i < 20 && received.size() < expected; i++) {
			received.addAll(this.client
				.receiveMessage(b -> b.queueUrl(url)
					.maxNumberOfMessages(10)
					.waitTimeSeconds(1)
					.messageAttributeNames("All")
					.messageSystemAttributeNames(MessageSystemAttributeName.ALL))
				.join()
				.messages());
		}
		return received;
	}

	int approximateCount(String url) {
		Map<QueueAttributeName, String> attributes = this.client
			.getQueueAttributes(b -> b.queueUrl(url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.join()
			.attributes();
		return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				+ Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

}
