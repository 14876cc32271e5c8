package dev.ferry.test.contract.sns;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.SubscriptionSettings;
import dev.ferry.core.transport.QueueRoute;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.transport.sns.SnsOptions;
import dev.ferry.transport.sns.SnsSubscriptionSettings;
import dev.ferry.transport.sns.SnsTransport;
import dev.ferry.transport.sqs.SqsTransport;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Contract fixture for SNS consumed through SQS, on any endpoint pair (the LocalAws stand-in, moto):
 * each destination gets its own topic (FIFO when the test asks for order) and one subscription
 * queue with its dead-letter queue, provisioned by the adapter itself. The suite publishes to the
 * topic and consumes from the queue; dead letters are read from the subscription's dead-letter
 * queue with {@code envelope: sns}.
 */
class SnsContractFixture implements TransportFixture {

	/** The listener id the fixture provisions for; the suite's listener reads that queue. */
	private static final String LISTENER = "contract";

	private final SnsTransport sns;

	private final SqsTransport sqs;

	private final boolean rawDelivery;

	SnsContractFixture(SnsAsyncClient sns, SqsAsyncClient sqs, boolean rawDelivery) {
		this.sns = new SnsTransport(sns, sqs, SnsOptions.defaults(), null);
		this.sqs = new SqsTransport(sqs);
		this.rawDelivery = rawDelivery;
	}

	@Override
	public Transport transport() {
		return this.sns;
	}

	@Override
	public List<Transport> transports() {
		return List.of(this.sns, this.sqs);
	}

	@Override
	public Destination createDestination(String name, DestinationSpec spec) {
		String suffix = spec.ordered() ? ".fifo" : "";
		SubscriptionSettings subscription = new SubscriptionSettings(null, name + "-q" + suffix, null,
				Map.of(SnsSubscriptionSettings.RAW_DELIVERY, Boolean.toString(this.rawDelivery)), Map.of());
		Destination destination = Destination.of(name, SnsTransport.NAME, name + suffix)
			.withRetry(spec.retry())
			.withIdempotency(spec.idempotency())
			.withSubscription(subscription);
		this.sns.prepare(destination, true);
		QueueRoute route = this.sns.route(destination, LISTENER);
		this.sns.prepareRoute(route, true);
		return destination;
	}

	@Override
	public Destination deadLetterDestination(String name, Destination source) {
		return deadLetterDestination(name, source, LISTENER);
	}

	@Override
	public Destination deadLetterDestination(String name, Destination source, String listenerId) {
		QueueRoute route = this.sns.route(source, listenerId);
		return Destination.of(name, SqsTransport.NAME, route.queue().deadLetter().resource()).withEnvelope(SnsTransport.NAME);
	}

	@Override
	public Duration minimumRetryDelay() {
		// SQS counts visibility in whole seconds
		return Duration.ofSeconds(1);
	}

}
