package dev.ferry.test.contract.kinesis;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

import dev.ferry.test.aws.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Kinesis and DynamoDB clients for the Kinesis tests: both on moto ({@link #moto()}), or Kinesis on
 * kinesis-local and DynamoDB on moto ({@link #kinesisLocal()}, for resharding, which moto does not
 * model faithfully). moto speaks HTTP/1.1 and JSON only: the clients use HTTP/1.1 and CBOR is
 * switched off ({@code aws.cborEnabled=false}, which the SDK reads when a client is built);
 * kinesis-local takes the same.
 */
final class KinesisTestBackend {

	private final URI endpoint;

	private final URI kinesisEndpoint;

	private final Region region;

	private final AwsCredentialsProvider credentials;

	private final KinesisAsyncClient kinesis;

	private final DynamoDbAsyncClient dynamo;

	private KinesisTestBackend(URI endpoint, URI kinesisEndpoint, Region region, AwsCredentialsProvider credentials) {
		this.endpoint = endpoint;
		this.kinesisEndpoint = kinesisEndpoint;
		this.region = region;
		this.credentials = credentials;
		this.kinesis = kinesis(new ExecutionInterceptor[0]);
		this.dynamo = DynamoDbAsyncClient.builder()
			.endpointOverride(endpoint)
			.region(region)
			.credentialsProvider(credentials)
			.build();
	}

	private static KinesisTestBackend shared;

	private static KinesisTestBackend sharedLocal;

	/** The backend on the JVM's moto server; skips (or fails under CI) where moto is missing. */
	static synchronized KinesisTestBackend moto() {
		MotoServer.assumeAvailable();
		if (shared == null) {
			System.setProperty("aws.cborEnabled", "false");
			MotoServer moto = MotoServer.shared();
			shared = new KinesisTestBackend(moto.endpoint(), moto.endpoint(), moto.region(), moto.credentials());
		}
		return shared;
	}

	/**
	 * Kinesis on the JVM's kinesis-local, DynamoDB (and {@link #endpoint()}) on its moto server;
	 * skips (or fails under CI) where moto, node or npm is missing.
	 */
	static synchronized KinesisTestBackend kinesisLocal() {
		MotoServer.assumeAvailable();
		if (sharedLocal == null) {
			System.setProperty("aws.cborEnabled", "false");
			MotoServer moto = MotoServer.shared();
			sharedLocal = new KinesisTestBackend(moto.endpoint(), KinesisLocal.shared().endpoint(), moto.region(),
					moto.credentials());
		}
		return sharedLocal;
	}

	/** A new Kinesis client on this backend with the given interceptors (fault injection, counting). */
	KinesisAsyncClient kinesis(ExecutionInterceptor... interceptors) {
		return KinesisAsyncClient.builder()
			.httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
			.endpointOverride(this.kinesisEndpoint)
			.region(this.region)
			.credentialsProvider(this.credentials)
			.overrideConfiguration(config -> {
				for (ExecutionInterceptor interceptor : interceptors) {
					config.addExecutionInterceptor(interceptor);
				}
			})
			.build();
	}

	/** moto's endpoint: DynamoDB, SQS and the other services but Kinesis. */
	URI endpoint() {
		return this.endpoint;
	}

	Region region() {
		return this.region;
	}

	AwsCredentialsProvider credentials() {
		return this.credentials;
	}

	KinesisAsyncClient sharedKinesis() {
		return this.kinesis;
	}

	DynamoDbAsyncClient dynamo() {
		return this.dynamo;
	}

	/**
	 * The checkpoints of a KCL lease table, per lease key (shard id): the sequence number, or
	 * {@code TRIM_HORIZON}, {@code LATEST}, {@code SHARD_END}, then {@code /} and the sub-sequence
	 * number when it is not 0.
	 */
	java.util.Map<String, String> checkpoints(String leaseTable) {
		java.util.Map<String, String> checkpoints = new java.util.TreeMap<>();
		for (var item : this.dynamo.scan(builder -> builder.tableName(leaseTable).consistentRead(true)).join().items()) {
			if (item.containsKey("leaseKey") && item.containsKey("checkpoint")) {
				var sub = item.get("checkpointSubSequenceNumber");
				String subSequence = sub != null && sub.n() != null && !"0".equals(sub.n()) ? "/" + sub.n() : "";
				checkpoints.put(item.get("leaseKey").s(), item.get("checkpoint").s() + subSequence);
			}
		}
		return checkpoints;
	}

	/** Creates a stream and waits (polling every 100 ms) until it is ACTIVE. */
	void createStream(String name, int shards) {
		try {
			this.kinesis.createStream(builder -> builder.streamName(name).shardCount(shards)).get();
			org.awaitility.Awaitility.await("stream " + name + " ACTIVE")
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.kinesis.describeStreamSummary(builder -> builder.streamName(name)).get()
					.streamDescriptionSummary()
					.streamStatus() == StreamStatus.ACTIVE);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("could not create stream " + name, ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
