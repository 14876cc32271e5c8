package dev.ferry.test.contract.eventbridge;

import dev.ferry.test.aws.LocalAws;
import dev.ferry.test.aws.LocalAwsExtension;
import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The EventBridge adapter passes the whole transport contract publishing on the local EventBridge
 * stand-in and consuming from each listener's rule target queue on embedded ElasticMQ.
 */
@ExtendWith(LocalAwsExtension.class)
class EventBridgeLocalAwsContractTests extends TransportContractTests {

	private final LocalAws aws;

	EventBridgeLocalAwsContractTests(LocalAws aws) {
		this.aws = aws;
	}

	@Override
	protected TransportFixture createFixture() {
		return new EventBridgeContractFixture(this.aws.eventBridgeEndpoint(), this.aws.sqsEndpoint(), this.aws.region(),
				this.aws.credentialsProvider());
	}

}
