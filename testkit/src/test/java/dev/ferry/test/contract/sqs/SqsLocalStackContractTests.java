package dev.ferry.test.contract.sqs;

import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import org.junit.jupiter.api.AfterAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The same contract against LocalStack's SQS in a container; skipped where no Docker engine exists.
 * The community tag is pinned: {@code latest} needs an auth token since 2026-03.
 */
@Testcontainers(disabledWithoutDocker = true)
class SqsLocalStackContractTests extends TransportContractTests {

	@Container
	static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
			DockerImageName.parse("localstack/localstack:4.4")).withServices("sqs");

	private static SqsAsyncClient client;

	@Override
	protected TransportFixture createFixture() {
		synchronized (SqsLocalStackContractTests.class) {
			if (client == null) {
				client = SqsAsyncClient.builder()
					.endpointOverride(LOCALSTACK.getEndpoint())
					.region(Region.of(LOCALSTACK.getRegion()))
					.credentialsProvider(StaticCredentialsProvider
						.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
					.build();
			}
			return new SqsContractFixture(client);
		}
	}

	@AfterAll
	static void closeClient() {
		if (client != null) {
			client.close();
			client = null;
		}
	}

}
