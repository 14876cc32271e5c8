package dev.ferry.test.contract.sqs;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.test.sqs.ElasticMqServer;
import dev.ferry.test.sqs.LocalSqsExtension;
import dev.ferry.transport.sqs.SqsTransport;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS adapter passes the whole transport contract against ElasticMQ running in-process. Each
 * destination gets its own queue and dead-letter queue (FIFO when the test asks for order), with a
 * redrive policy whose maxReceiveCount lies above the test's attempts, so Ferry dead-letters first.
 */
@ExtendWith(LocalSqsExtension.class)
class SqsTransportContractTests extends TransportContractTests {

	private final ElasticMqServer server;

	private final SqsAsyncClient client;

	SqsTransportContractTests(ElasticMqServer server, SqsAsyncClient client) {
		this.server = server;
		this.client = client;
	}

	@Override
	protected TransportFixture createFixture() {
		SqsTransport transport = new SqsTransport(this.client);
		return new TransportFixture() {

			@Override
			public Transport transport() {
				return transport;
			}

			@Override
			public Destination createDestination(String name, DestinationSpec spec) {
				String suffix = spec.ordered() ? ".fifo" : "";
				Map<QueueAttributeName, String> dlq = new EnumMap<>(QueueAttributeName.class);
				if (spec.ordered()) {
					dlq.put(QueueAttributeName.FIFO_QUEUE, "true");
				}
				String dlqUrl = SqsTransportContractTests.this.server.createQueue(SqsTransportContractTests.this.client,
						name + "-dlq" + suffix, dlq);
				String dlqArn = SqsTransportContractTests.this.client
					.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
					.join()
					.attributes()
					.get(QueueAttributeName.QUEUE_ARN);
				Map<QueueAttributeName, String> queue = new EnumMap<>(dlq);
				queue.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
						+ "\",\"maxReceiveCount\":\"" + (spec.retry().maxAttempts() + 2) + "\"}");
				SqsTransportContractTests.this.server.createQueue(SqsTransportContractTests.this.client, name + suffix,
						queue);
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

		};
	}

}
