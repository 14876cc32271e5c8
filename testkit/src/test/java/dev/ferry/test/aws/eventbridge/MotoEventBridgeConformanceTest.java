package dev.ferry.test.aws.eventbridge;

import java.time.Duration;
import java.util.Map;

import dev.ferry.test.aws.AwsEndpoints;
import dev.ferry.test.aws.AwsTestSupport;
import dev.ferry.test.aws.AwsTestSupport.TestQueue;
import dev.ferry.test.aws.MotoServer;

/**
 * Runs the same EventBridge conformance suite against moto, an independent implementation, so that the
 * stand-in is not its own judge. Cases where moto departs from the AWS documentation are skipped here
 * with an assumption naming the gap (docs/local-development.md lists them).
 */
class MotoEventBridgeConformanceTest extends AbstractEventBridgeConformanceTest {

	@Override
	protected AwsEndpoints endpoints() {
		MotoServer.assumeAvailable();
		return MotoServer.shared();
	}

	@Override
	protected Map<String, String> knownGaps() {
		return Map.ofEntries(
				Map.entry("events-targets-per-rule-limit", "moto accepts more than 5 targets per rule instead of answering LimitExceededException"),
				Map.entry("events-target-input", "moto ignores a target's Input and InputPath and delivers the whole event"),
				Map.entry("events-missing-bus-entry", "moto fails the whole PutEvents for one entry naming a missing bus instead of reporting that entry"),
				Map.entry("events-target-dead-letter", "moto fails PutEvents at once when a target queue is gone, so nothing reaches the target's dead-letter queue"),
				Map.entry("events-envelope-account", "moto leaves the event envelope's account empty"));
	}

	@Override
	protected void awaitLost(String eventId, TestQueue deadLetterQueue) {
		AwsTestSupport.awaitStaysEmpty(this.sqs, deadLetterQueue, Duration.ofSeconds(3));
	}

}
