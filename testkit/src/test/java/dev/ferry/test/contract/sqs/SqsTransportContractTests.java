package dev.ferry.test.contract.sqs;

import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.test.sqs.LocalSqsExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** The SQS adapter passes the whole transport contract against ElasticMQ running in-process. */
@ExtendWith(LocalSqsExtension.class)
class SqsTransportContractTests extends TransportContractTests {

	private final SqsAsyncClient client;

	SqsTransportContractTests(SqsAsyncClient client) {
		this.client = client;
	}

	@Override
	protected TransportFixture createFixture() {
		return new SqsContractFixture(this.client);
	}

}
