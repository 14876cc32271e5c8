package dev.ferry.test.aws;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MotoServerTests {

	@BeforeAll
	static void moto() {
		MotoServer.assumeAvailable();
	}

	@Test
	void servesSqsAndIsGoneAfterClose() {
		MotoServer server = MotoServer.create().start();
		long pid = server.pid();
		try (SqsClient sqs = SqsClient.builder()
			.endpointOverride(server.endpoint())
			.region(server.region())
			.credentialsProvider(server.credentials())
			.build()) {
			String url = sqs.createQueue(request -> request.queueName("moto-fixture")).queueUrl();
			assertThat(sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNamesWithStrings("QueueArn"))
				.attributesAsStrings()
				.get("QueueArn")).isEqualTo("arn:aws:sqs:us-east-1:" + MotoServer.ACCOUNT_ID + ":moto-fixture");
			server.reset();
			assertThat(sqs.listQueues().queueUrls()).isEmpty();
		}
		finally {
			server.close();
		}
		assertThat(server.isRunning()).isFalse();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true));
	}

	@Test
	void sharedServerIsStartedOnce() {
		assertThat(MotoServer.shared()).isSameAs(MotoServer.shared());
		assertThat(MotoServer.shared().isRunning()).isTrue();
	}

}
