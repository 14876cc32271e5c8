package dev.ferry.test.contract.sns;

import java.util.Optional;

import dev.ferry.test.aws.MotoServer;
import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The SNS adapter passes the whole transport contract on moto, an emulator independent of Ferry's
 * own stand-in, with raw message delivery, standard and FIFO. Skipped with a message where moto is
 * not installed (never under CI).
 */
class SnsMotoContractTests extends TransportContractTests {

	private static SnsAsyncClient sns;

	private static SqsAsyncClient sqs;

	@BeforeAll
	static void clients() {
		MotoServer.assumeAvailable();
		MotoServer moto = MotoServer.shared();
		sns = SnsAsyncClient.builder().endpointOverride(moto.endpoint()).region(moto.region())
			.credentialsProvider(moto.credentials()).build();
		sqs = SqsAsyncClient.builder().endpointOverride(moto.endpoint()).region(moto.region())
			.credentialsProvider(moto.credentials()).build();
	}

	@AfterAll
	static void close() {
		if (sns != null) {
			sns.close();
			sqs.close();
		}
	}

	@Override
	protected TransportFixture createFixture() {
		return new SnsContractFixture(sns, sqs, true) {

			@Override
			public Optional<String> knownBackendGap(String testName) {
				if (testName.equals("orderedBatchFailureRetriesTheFailedItemAndEverythingAfterItInItsGroup")) {
					return Optional.of("moto 5.2.1: after ChangeMessageVisibilityBatch on several messages of one FIFO "
							+ "message group, only the last reappears (the earlier ones never do), so the group's order "
							+ "cannot be kept; AWS makes them visible again in order (docs/local-development.md)");
				}
				return Optional.empty();
			}

		};
	}

}
