package dev.ferry.test.aws.eventbridge;

import java.time.Duration;

import dev.ferry.test.aws.AwsEndpoints;
import dev.ferry.test.aws.LocalStackEndpoints;
import dev.ferry.test.aws.AwsTestSupport;
import dev.ferry.test.aws.AwsTestSupport.TestQueue;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs the same EventBridge conformance suite against LocalStack where a Docker engine exists; skipped
 * cleanly where none does.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackEventBridgeConformanceTest extends AbstractEventBridgeConformanceTest {

	@Container
	static final LocalStackContainer localstack = new LocalStackContainer(
			DockerImageName.parse("localstack/localstack:4.9")).withServices("events", "sqs");

	@Override
	protected AwsEndpoints endpoints() {
		return LocalStackEndpoints.of(localstack);
	}

	@Override
	protected void awaitLost(String eventId, TestQueue deadLetterQueue) {
		AwsTestSupport.awaitStaysEmpty(this.sqs, deadLetterQueue, Duration.ofSeconds(5));
	}

}
