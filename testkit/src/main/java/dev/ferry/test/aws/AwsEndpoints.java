package dev.ferry.test.aws;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where SQS, SNS and EventBridge answer and how to sign requests for them: the local stand-ins
 * ({@link LocalAws}) or any other AWS-compatible backend (for example LocalStack).
 *
 * <p>The {@code new*Client} methods build a fresh SDK v2 client that the caller must close.
 */
public interface AwsEndpoints {

	/** @return the endpoint URI of the SQS service */
	URI sqsEndpoint();

	/** @return the endpoint URI of the SNS service */
	URI snsEndpoint();

	/** @return the endpoint URI of the EventBridge service */
	URI eventBridgeEndpoint();

	/** @return the region every client must be configured with */
	default Region region() {
		return Region.of(LocalAwsAccount.REGION);
	}

	/** @return the account id that appears in the ARNs of this backend */
	default String accountId() {
		return LocalAwsAccount.ACCOUNT_ID;
	}

	/** @return static credentials accepted by this backend */
	default AwsCredentialsProvider credentialsProvider() {
		return StaticCredentialsProvider.create(
				AwsBasicCredentials.create(LocalAwsAccount.ACCESS_KEY_ID, LocalAwsAccount.SECRET_ACCESS_KEY));
	}

	/** @return a new SQS client for this backend; the caller closes it */
	default SqsClient newSqsClient() {
		return SqsClient.builder().endpointOverride(sqsEndpoint()).region(region())
				.credentialsProvider(credentialsProvider()).build();
	}

	/** @return a new SNS client for this backend; the caller closes it */
	default SnsClient newSnsClient() {
		return SnsClient.builder().endpointOverride(snsEndpoint()).region(region())
				.credentialsProvider(credentialsProvider()).build();
	}

	/** @return a new EventBridge client for this backend; the caller closes it */
	default EventBridgeClient newEventBridgeClient() {
		return EventBridgeClient.builder().endpointOverride(eventBridgeEndpoint()).region(region())
				.credentialsProvider(credentialsProvider()).build();
	}

}
