package dev.ferry.test.contract.eventbridge;

import dev.ferry.test.aws.MotoServer;
import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import org.junit.jupiter.api.BeforeAll;

/**
 * The EventBridge adapter passes the whole transport contract on moto, an implementation
 * independent of Ferry's own stand-in: events, rules, targets and SQS all served by one moto
 * server. Skipped with a message where moto is not installed (never under CI).
 */
class EventBridgeMotoContractTests extends TransportContractTests {

	@BeforeAll
	static void moto() {
		MotoServer.assumeAvailable();
	}

	@Override
	protected TransportFixture createFixture() {
		MotoServer moto = MotoServer.shared();
		return new EventBridgeContractFixture(moto.endpoint(), moto.endpoint(), moto.region(), moto.credentials());
	}

}
