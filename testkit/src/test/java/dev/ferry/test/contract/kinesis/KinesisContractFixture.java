package dev.ferry.test.contract.kinesis;

import java.time.Duration;
import java.util.Map;

import dev.ferry.core.deadletter.DeadLetterPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.transport.kinesis.KinesisOptions;
import dev.ferry.transport.kinesis.KinesisTransport;

/**
 * The contract fixture for Kinesis on moto (Kinesis and DynamoDB): each destination gets its own
 * stream of {@value #SHARDS} shards and a dead-letter stream; each listener its own KCL
 * application and lease table. KCL timings are shortened so that tests take seconds, not minutes.
 */
final class KinesisContractFixture implements TransportFixture {

	static final int SHARDS = 2;

	private final KinesisTestBackend backend;

	private final KinesisTransport transport;

	KinesisContractFixture(KinesisTestBackend backend) {
		this.backend = backend;
		this.transport = new KinesisTransport(backend.sharedKinesis(), backend.dynamo(), fastOptions().build());
	}

	/** KCL timings for tests: quick polls, lease moves and assignments. */
	static KinesisOptions.Builder fastOptions() {
		return KinesisOptions.builder()
			.pollInterval(Duration.ofMillis(200))
			.failoverTime(Duration.ofSeconds(3))
			.leaseAssignmentInterval(Duration.ofMillis(500))
			.shardSyncInterval(Duration.ofSeconds(5))
			.leaseTableProtection(false)
			.createLeaseTables(true);
	}

	@Override
	public Transport transport() {
		return this.transport;
	}

	@Override
	public Destination createDestination(String name, DestinationSpec spec) {
		this.backend.createStream(name, SHARDS);
		this.backend.createStream(name + "-dlq", 1);
		return Destination.of(name, KinesisTransport.NAME, name)
			.withRetry(spec.retry())
			.withIdempotency(spec.idempotency())
			.withProperties(Map.of("application-name", name));
	}

	@Override
	public Destination deadLetterDestination(String name, Destination source) {
		return Destination.of(name, KinesisTransport.NAME, this.transport.deadLetterResource(source))
			.withDeadLetter(DeadLetterPolicy.disabled())
			.withProperties(Map.of("application-name", name));
	}

	@Override
	public Duration minimumRetryDelay() {
		return Duration.ofMillis(200);
	}

}
