package dev.ferry.test.contract.sqs;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.transport.sqs.SqsTransport;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Contract fixture for any SQS endpoint (ElasticMQ, LocalStack): each destination gets its own queue
 * and dead-letter queue (FIFO when the test asks for order), with a redrive policy whose
 * maxReceiveCount lies above the test's attempts, so Ferry dead-letters first.
 */
final class SqsContractFixture implements TransportFixture {

	private final SqsAsyncClient client;

	private final SqsTransport transport;

	private final Map<String, String> knownGaps;

	SqsContractFixture(SqsAsyncClient client) {
		this(client, Map.of());
	}

	SqsContractFixture(SqsAsyncClient client, Map<String, String> knownGaps) {
		this.client = client;
		this.transport = new SqsTransport(client);
		this.knownGaps = Map.copyOf(knownGaps);
	}

	@Override
	public Map<String, String> knownGaps() {
		return this.knownGaps;
	}

	@Override
	public Transport transport() {
		return this.transport;
	}

	@Override
	public Destination createDestination(String name, DestinationSpec spec) {
		String suffix = spec.ordered() ? ".fifo" : "";
		Map<QueueAttributeName, String> dlq = new EnumMap<>(QueueAttributeName.class);
		if (spec.ordered()) {
			dlq.put(QueueAttributeName.FIFO_QUEUE, "true");
		}
		String dlqUrl = create(name + "-dlq" + suffix, dlq);
		String dlqArn = this.client
			.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.join()
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		Map<QueueAttributeName, String> queue = new EnumMap<>(dlq);
		queue.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
				+ (spec.retry().maxAttempts() + 2) + "\"}");
		create(name + suffix, queue);
		return Destination.of(name, SqsTransport.NAME, name + suffix)
			.withRetry(spec.retry())
			.withIdempotency(spec.idempotency());
	}

	@Override
	public Destination deadLetterDestination(String name, Destination source) {
		String resource = source.resource();
		String dlq = resource.endsWith(".fifo") ? resource.replace(".fifo", "-dlq.fifo") : resource + "-dlq";
		return Destination.of(name, SqsTransport.NAME, dlq);
	}

	@Override
	public Duration minimumRetryDelay() {
		// SQS counts visibility in whole seconds
		return Duration.ofSeconds(1);
	}

	private String create(String name, Map<QueueAttributeName, String> attributes) {
		return this.client.createQueue(CreateQueueRequest.builder().queueName(name).attributes(attributes).build())
			.join()
			.queueUrl();
	}

}
