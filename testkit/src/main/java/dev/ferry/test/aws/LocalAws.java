package dev.ferry.test.aws;

import java.net.URI;

import dev.ferry.test.aws.eventbridge.LocalEventBridge;
import dev.ferry.test.aws.sns.LocalSns;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Local SQS, SNS and EventBridge in this JVM, without Docker: embedded ElasticMQ for SQS and
 * Ferry's SNS and EventBridge stand-ins delivering into it, each on a random loopback port.
 *
 * <p>Start with {@link #start()} and close the handle to stop everything:
 * <pre>{@code
 * try (LocalAws aws = LocalAws.start()) {
 *     SnsClient sns = aws.snsClient();
 *     ...
 * }
 * }</pre>
 * All ARNs use account {@value LocalAwsAccount#ACCOUNT_ID} and region {@value LocalAwsAccount#REGION};
 * any credentials are accepted. The ready-made clients returned by {@link #sqsClient()},
 * {@link #snsClient()} and {@link #eventBridgeClient()} are shared and closed with this handle.
 * Thread-safe.
 */
public final class LocalAws implements AwsEndpoints, AutoCloseable {

	private final SQSRestServer elasticMq;

	private final SqsPolicyProxy sqsProxy;

	private final SqsClient internalSqs;

	private final LocalSns sns;

	private final LocalEventBridge eventBridge;

	private @Nullable SqsClient sqsClient;

	private @Nullable SnsClient snsClient;

	private @Nullable EventBridgeClient eventBridgeClient;

	private LocalAws(LocalAwsOptions options) {
		this.sqsProxy = new SqsPolicyProxy();
		SQSRestServer server = null;
		SqsClient internal = null;
		LocalSns localSns = null;
		try {
			// Queue URLs name the proxy, so clients that follow them keep the Policy support.
			server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
					.withServerAddress(new NodeAddress("http", "127.0.0.1", this.sqsProxy.endpoint().getPort(), ""))
					.withAWSRegion(LocalAwsAccount.REGION).start();
			int port = server.waitUntilStarted().localAddress().getPort();
			this.sqsProxy.forwardTo(URI.create("http://127.0.0.1:" + port));
			internal = SqsClient.builder().endpointOverride(this.sqsProxy.endpoint()).region(region())
					.credentialsProvider(credentialsProvider())
					.overrideConfiguration((c) -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())).build();
			SqsQueues queues = new SqsQueues(internal);
			localSns = LocalSns.start(queues, options);
			this.eventBridge = LocalEventBridge.start(queues, options);
		}
		catch (RuntimeException ex) {
			// Do not leave half-started servers behind.
			if (localSns != null) {
				localSns.close();
			}
			if (internal != null) {
				internal.close();
			}
			if (server != null) {
				server.stopAndWait();
			}
			this.sqsProxy.close();
			throw ex;
		}
		this.elasticMq = server;
		this.internalSqs = internal;
		this.sns = localSns;
	}

	/**
	 * Starts ElasticMQ and both stand-ins with {@link LocalAwsOptions#defaults()}.
	 * @return the running handle; close it to stop everything
	 */
	public static LocalAws start() {
		return start(LocalAwsOptions.defaults());
	}

	/**
	 * Starts ElasticMQ and both stand-ins.
	 * @param options the settings
	 * @return the running handle; close it to stop everything
	 */
	public static LocalAws start(LocalAwsOptions options) {
		return new LocalAws(options);
	}

	/**
	 * @return the SQS endpoint: ElasticMQ behind a proxy that keeps the {@code Policy} attribute
	 */
	@Override
	public URI sqsEndpoint() {
		return this.sqsProxy.endpoint();
	}

	/** @return the SNS stand-in's endpoint (AWS Query protocol) */
	@Override
	public URI snsEndpoint() {
		return this.sns.endpoint();
	}

	/** @return the EventBridge stand-in's endpoint (AWS JSON 1.1 protocol) */
	@Override
	public URI eventBridgeEndpoint() {
		return this.eventBridge.endpoint();
	}

	/** @return the SNS stand-in, for fault injection and its delivery journal */
	public LocalSns sns() {
		return this.sns;
	}

	/** @return the EventBridge stand-in, for fault injection and its delivery journal */
	public LocalEventBridge eventBridge() {
		return this.eventBridge;
	}

	/** @return a shared SQS client for {@link #sqsEndpoint()}, closed with this handle */
	public synchronized SqsClient sqsClient() {
		if (this.sqsClient == null) {
			this.sqsClient = newSqsClient();
		}
		return this.sqsClient;
	}

	/** @return a shared SNS client for {@link #snsEndpoint()}, closed with this handle */
	public synchronized SnsClient snsClient() {
		if (this.snsClient == null) {
			this.snsClient = newSnsClient();
		}
		return this.snsClient;
	}

	/** @return a shared EventBridge client for {@link #eventBridgeEndpoint()}, closed with this handle */
	public synchronized EventBridgeClient eventBridgeClient() {
		if (this.eventBridgeClient == null) {
			this.eventBridgeClient = newEventBridgeClient();
		}
		return this.eventBridgeClient;
	}

	/** Stops the stand-ins, the proxy and ElasticMQ, and closes the shared clients. */
	@Override
	public synchronized void close() {
		this.sns.close();
		this.eventBridge.close();
		if (this.sqsClient != null) {
			this.sqsClient.close();
		}
		if (this.snsClient != null) {
			this.snsClient.close();
		}
		if (this.eventBridgeClient != null) {
			this.eventBridgeClient.close();
		}
		this.internalSqs.close();
		this.sqsProxy.close();
		this.elasticMq.stopAndWait();
	}

}
