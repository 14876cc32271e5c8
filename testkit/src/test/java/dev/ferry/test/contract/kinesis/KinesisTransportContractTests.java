package dev.ferry.test.contract.kinesis;

import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;

/**
 * The Kinesis adapter passes the whole transport contract on moto: moto serves both Kinesis and the
 * DynamoDB lease tables the Kinesis Client Library needs (kinesis-local serves Kinesis only).
 */
class KinesisTransportContractTests extends TransportContractTests {

	@Override
	protected TransportFixture createFixture() {
		return new KinesisContractFixture(KinesisTestBackend.moto());
	}

}
