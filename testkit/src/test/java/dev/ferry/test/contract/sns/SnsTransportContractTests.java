package dev.ferry.test.contract.sns;

import dev.ferry.test.aws.LocalAws;
import dev.ferry.test.aws.LocalAwsExtension;
import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The SNS adapter passes the whole transport contract on the LocalAws stand-in (SNS delivering
 * into ElasticMQ), publishing to a topic and consuming from its subscription queue in the
 * notification envelope (raw delivery off), standard and FIFO.
 */
@ExtendWith(LocalAwsExtension.class)
class SnsTransportContractTests extends TransportContractTests {

	private static SnsAsyncClient sns;

	private static SqsAsyncClient sqs;

	@BeforeAll
	static void clients(LocalAws aws) {
		sns = SnsAsyncClient.builder().endpointOverride(aws.snsEndpoint()).region(aws.region())
			.credentialsProvider(aws.credentialsProvider()).build();
		sqs = SqsAsyncClient.builder().endpointOverride(aws.sqsEndpoint()).region(aws.region())
			.credentialsProvider(aws.credentialsProvider()).build();
	}

	@AfterAll
	static void close() {
		sns.close();
		sqs.close();
	}

	@Override
	protected TransportFixture createFixture() {
		return new SnsContractFixture(sns, sqs, false);
	}

}
