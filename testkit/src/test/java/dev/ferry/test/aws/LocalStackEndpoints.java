package dev.ferry.test.aws;

import java.net.URI;

import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The endpoints of a LocalStack container: one edge endpoint for every service. */
public final class LocalStackEndpoints implements AwsEndpoints {

	private final LocalStackContainer localstack;

	private LocalStackEndpoints(LocalStackContainer localstack) {
		this.localstack = localstack;
	}

	public static AwsEndpoints of(LocalStackContainer localstack) {
		return new LocalStackEndpoints(localstack);
	}

	@Override
	public URI sqsEndpoint() {
		return this.localstack.getEndpoint();
	}

	@Override
	public URI snsEndpoint() {
		return this.localstack.getEndpoint();
	}

	@Override
	public URI eventBridgeEndpoint() {
		return this.localstack.getEndpoint();
	}

	@Override
	public AwsCredentialsProvider credentialsProvider() {
		return StaticCredentialsProvider
			.create(AwsBasicCredentials.create(this.localstack.getAccessKey(), this.localstack.getSecretKey()));
	}

}
