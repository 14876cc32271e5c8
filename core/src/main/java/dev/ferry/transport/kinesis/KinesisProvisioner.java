package dev.ferry.transport.kinesis;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.TransportException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Checks that streams exist and, with {@code ferry.provision=true}, creates missing ones with the
 * hardened defaults: the destination's shard count, the configured retention (7 days unless set)
 * and, when the destination names a {@code kms-key-id}, server-side encryption with that key.
 */
final class KinesisProvisioner {

	private static final Logger logger = LoggerFactory.getLogger(KinesisProvisioner.class);

	/** How long a new stream may take to become ACTIVE. */
	private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);

	/** Poll interval while waiting; the SDK waiter's fixed 10 s would slow every start-up. */
	private static final Duration ACTIVE_POLL = Duration.ofMillis(100);

	private final KinesisAsyncClient client;

	private final KinesisOptions options;

	KinesisProvisioner(KinesisAsyncClient client, KinesisOptions options) {
		this.client = client;
		this.options = options;
	}

	/** The stream's summary, or null when it does not exist. */
	@Nullable StreamDescriptionSummary describe(String stream) {
		try {
			return this.client.describeStreamSummary(builder -> builder.streamName(stream)).get()
				.streamDescriptionSummary();
		}
		catch (ExecutionException | CompletionException ex) {
			if (ex.getCause() instanceof ResourceNotFoundException) {
				return null;
			}
			throw new TransportException("DescribeStreamSummary of Kinesis stream '" + stream + "' failed: "
					+ ex.getCause().getMessage(), ex.getCause(), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransportException("Interrupted while describing Kinesis stream '" + stream + "'", ex, true);
		}
	}

	/**
	 * Makes sure the stream exists.
	 * @param property the configuration property naming it, for the error message
	 */
	void prepare(String stream, String property, KinesisDestinationSettings settings, boolean provision) {
		if (describe(stream) != null) {
			return;
		}
		if (!provision) {
			throw new FerryConfigurationException("Kinesis stream '" + stream + "' (" + property
					+ ") does not exist: create it or set ferry.provision=true to let Ferry create it");
		}
		create(stream, settings);
	}

	private void create(String stream, KinesisDestinationSettings settings) {
		try {
			this.client.createStream(builder -> builder.streamName(stream).shardCount(settings.shards())).get();
			awaitActive(stream);
			long hours = this.options.provisionRetention().toHours();
			if (hours > KinesisLimits.MIN_RETENTION.toHours()) {
				this.client.increaseStreamRetentionPeriod(builder -> builder.streamName(stream)
					.retentionPeriodHours((int) hours)).get();
				awaitActive(stream);
			}
			String keyId = settings.kmsKeyId();
			if (keyId != null) {
				this.client.startStreamEncryption(builder -> builder.streamName(stream)
					.encryptionType(EncryptionType.KMS)
					.keyId(keyId)).get();
				awaitActive(stream);
			}
			logger.info("Created Kinesis stream {} ({} shards, retention {} h{})", stream, settings.shards(), hours,
					keyId != null ? ", encrypted with " + keyId : "");
		}
		catch (ExecutionException ex) {
			throw new TransportException("Could not create Kinesis stream '" + stream + "': "
					+ ex.getCause().getMessage(), ex.getCause(), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TransportException("Interrupted while creating Kinesis stream '" + stream + "'", ex, true);
		}
	}

	private void awaitActive(String stream) throws InterruptedException {
		long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			StreamDescriptionSummary summary = describe(stream);
			if (summary != null && summary.streamStatus() == StreamStatus.ACTIVE) {
				return;
			}
			Thread.sleep(ACTIVE_POLL.toMillis());
		}
		throw new TransportException("Kinesis stream '" + stream + "' did not become ACTIVE within " + ACTIVE_TIMEOUT,
				null, true);
	}

}
