package dev.ferry.test.aws.sns;

import java.net.URI;
import java.time.Duration;

import dev.ferry.test.aws.AwsEndpoints;
import dev.ferry.test.aws.AwsTestSupport;
import dev.ferry.test.aws.AwsTestSupport.TestQueue;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Runs the same SNS conformance suite against LocalStack where a Docker engine exists; skipped
 * cleanly where none does.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSnsConformanceTest extends AbstractSnsConformanceTest {

	@Container
	static final LocalStackContainer localstack = new LocalStackContainer(
			DockerImageName.parse("localstack/localstack:4.9")).withServices("sns", "sqs");

	@Override
	protected AwsEndpoints endpoints() {
		return new AwsEndpoints() {
			@Override
			public URI sqsEndpoint() {
				return localstack.getEndpoint();
			}

			@Override
			public URI snsEndpoint() {
				return localstack.getEndpoint();
			}

			@Override
			public URI eventBridgeEndpoint() {
				return localstack.getEndpoint();
			}

			@Override
			public AwsCredentialsProvider credentialsProvider() {
				return StaticCredentialsProvider.create(
						AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
			}
		};
	}

	@Override
	protected void awaitLost(String messageId, TestQueue deadLetterQueue) {
		AwsTestSupport.awaitStaysEmpty(this.sqs, deadLetterQueue, Duration.ofSeconds(5));
	}

}
