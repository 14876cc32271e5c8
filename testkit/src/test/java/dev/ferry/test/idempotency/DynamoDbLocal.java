package dev.ferry.test.idempotency;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB Local in this JVM, in memory, on a free port, reached by the real SDK client over HTTP. */
final class DynamoDbLocal implements AutoCloseable {

	private final DynamoDBProxyServer server;

	private final DynamoDbClient client;

	private DynamoDbLocal(DynamoDBProxyServer server, DynamoDbClient client) {
		this.server = server;
		this.client = client;
	}

	static DynamoDbLocal start() throws Exception {
		int port = freePort();
		DynamoDBProxyServer server = ServerRunner
			.createServerFromCommandLineArgs(new String[] { "-inMemory", "-port", Integer.toString(port), "-disableTelemetry" });
		server.start();
		DynamoDbClient client = DynamoDbClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
		return new DynamoDbLocal(server, client);
	}

	DynamoDbClient client() {
		return this.client;
	}

	@Override
	public void close() throws Exception {
		this.client.close();
		this.server.stop();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
