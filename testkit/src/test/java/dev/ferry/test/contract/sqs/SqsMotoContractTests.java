package dev.ferry.test.contract.sqs;

import java.util.Map;

import dev.ferry.test.aws.MotoServer;
import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The same contract against moto's SQS, an implementation independent of ElasticMQ and of Ferry:
 * the third SQS backend, and the one that runs on every machine with {@code moto_server}.
 */
class SqsMotoContractTests extends TransportContractTests {

	private static SqsAsyncClient client;

	@Override
	protected TransportFixture createFixture() {
		MotoServer.assumeAvailable();
		synchronized (SqsMotoContractTests.class) {
			if (client == null) {
				client = MotoServer.shared().client(SqsAsyncClient.builder());
			}
			return new SqsContractFixture(client, Map.of(GAP_REDELIVERY_ORDER,
					"moto re-delivers a FIFO group's messages out of order once their visibility was changed "
							+ "(k-4 before k-2); AWS keeps the order within a message group"));
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
