package dev.ferry.test.sqs;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An ElasticMQ SQS server running inside this JVM on 127.0.0.1, speaking the SQS protocol that SDK v2
 * uses. Start it, point an {@link SqsAsyncClient} at {@link #endpoint()} (or use
 * {@link #createClient()}), close it when done. ARNs carry the configured region and account.
 *
 * <p>ElasticMQ does not keep every queue attribute SQS has: KmsMasterKeyId, MessageRetentionPeriod
 * and Policy are dropped, so rules on them cannot be checked against it.
 */
public final class ElasticMqServer implements AutoCloseable {

	/** Region ElasticMQ reports in queue ARNs unless told otherwise. */
	public static final String DEFAULT_REGION = "us-east-1";

	private final int requestedPort;

	private final String region;

	private @Nullable SQSRestServer server;

	private int port;

	/** A server on a free port in {@link #DEFAULT_REGION}. */
	public ElasticMqServer() {
		this(0, DEFAULT_REGION);
	}

	/**
	 * @param port port to listen on, 0 for a free one
	 * @param region region used in queue ARNs
	 */
	public ElasticMqServer(int port, String region) {
		if (port < 0 || port > 65_535) {
			throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
		}
		this.requestedPort = port;
		this.region = Objects.requireNonNull(region, "region");
	}

	/** Starts the server and waits until it accepts connections. Idempotent. */
	public synchronized ElasticMqServer start() {
		if (this.server == null) {
			var builder = SQSRestServerBuilder.withInterface("127.0.0.1").withAWSRegion(this.region);
			SQSRestServer started = (this.requestedPort == 0 ? builder.withDynamicPort() : builder.withPort(this.requestedPort))
				.start();
			this.port = started.waitUntilStarted().localAddress().getPort();
			this.server = started;
		}
		return this;
	}

	public synchronized boolean isRunning() {
		return this.server != null;
	}

	/** The endpoint to give an SQS client ({@code http://127.0.0.1:<port>}). */
	public URI endpoint() {
		requireStarted();
		return URI.create("http://127.0.0.1:" + this.port);
	}

	public int port() {
		requireStarted();
		return this.port;
	}

	public String region() {
		return this.region;
	}

	/** A new async client for this server with dummy static credentials; the caller closes it. */
	public SqsAsyncClient createClient() {
		return SqsAsyncClient.builder()
			.endpointOverride(endpoint())
			.region(Region.of(this.region))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
			.build();
	}

	/** Creates a queue (blocking) and returns its URL; a convenience for test set-up. */
	public String createQueue(SqsAsyncClient client, String name, Map<QueueAttributeName, String> attributes) {
		return client.createQueue(CreateQueueRequest.builder().queueName(name).attributes(attributes).build())
			.join()
			.queueUrl();
	}

	/** Stops the server and waits for it. Idempotent. */
	@Override
	public synchronized void close() {
		if (this.server != null) {
			this.server.stopAndWait();
			this.server = null;
		}
	}

	private synchronized void requireStarted() {
		if (this.server == null) {
			throw new IllegalStateException("ElasticMQ server is not started; call start() first");
		}
	}

}
