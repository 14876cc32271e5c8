package dev.ferry.transport.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.TransportException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic facts Ferry reads and writes with the Kafka {@link Admin} client: cluster size, a
 * topic's partitions, replication factor and {@code min.insync.replicas}, and creation with
 * hardened settings (capped by the number of brokers, so provisioning also works on a one-broker
 * development cluster).
 */
public final class KafkaTopics {

	private static final Logger logger = LoggerFactory.getLogger(KafkaTopics.class);

	private static final long LEADER_POLL_MILLIS = 100;

	private final Admin admin;

	private final KafkaOptions options;

	public KafkaTopics(Admin admin, KafkaOptions options) {
		this.admin = admin;
		this.options = options;
	}

	/**
	 * What is known about one topic.
	 * @param partitions partition count
	 * @param replicationFactor replicas of its first partition
	 * @param minInsyncReplicas its effective {@code min.insync.replicas}, or -1 when unknown
	 */
	public record TopicInfo(String name, int partitions, int replicationFactor, int minInsyncReplicas) {
	}

	/** Number of brokers in the cluster. */
	public int brokerCount() {
		return await(this.admin.describeCluster().nodes(), "describe the cluster").size();
	}

	/** The topic, or empty when it does not exist. */
	public Optional<TopicInfo> describe(String topic) {
		TopicDescription description;
		try {
			description = this.admin.describeTopics(List.of(topic)).allTopicNames()
				.get(timeoutMillis(), TimeUnit.MILLISECONDS)
				.get(topic);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return Optional.empty();
			}
			throw failure("describe topic " + topic, ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw interruptedOrTimeout("describe topic " + topic, ex);
		}
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		Config config = await(this.admin.describeConfigs(List.of(resource)).all(), "describe topic " + topic)
			.get(resource);
		int minIsr = -1;
		if (config != null && config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG) != null) {
			minIsr = Integer.parseInt(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
		}
		int replicas = description.partitions().isEmpty() ? 0 : description.partitions().get(0).replicas().size();
		return Optional.of(new TopicInfo(topic, description.partitions().size(), replicas, minIsr));
	}

	/**
	 * Creates the topic when missing: {@code partitions} partitions, replication factor and
	 * {@code min.insync.replicas} as configured but never above what the cluster can hold.
	 * @return whether it was created
	 */
	public boolean createIfMissing(String topic, int partitions) {
		if (describe(topic).isPresent()) {
			return false;
		}
		int brokers = brokerCount();
		short replication = (short) Math.min(this.options.replicationFactor(), brokers);
		int minIsr = Math.min(this.options.minInsyncReplicas(), replication);
		NewTopic newTopic = new NewTopic(topic, partitions, replication)
			.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minIsr)));
		try {
			this.admin.createTopics(List.of(newTopic)).all().get(timeoutMillis(), TimeUnit.MILLISECONDS);
			awaitLeaders(topic);
			logger.info("kafka/{} created: {} partitions, replication factor {}, min.insync.replicas {}", topic,
					partitions, replication, minIsr);
			return true;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TopicExistsException) {
				return false;
			}
			throw failure("create topic " + topic, ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw interruptedOrTimeout("create topic " + topic, ex);
		}
	}

	/**
	 * Waits until every partition of a new topic has a leader: records produced before that are
	 * retried by the producer, and an idempotent producer can get stuck in OUT_OF_ORDER_SEQUENCE
	 * retries when its first batch met NOT_LEADER_OR_FOLLOWER.
	 */
	private void awaitLeaders(String topic) throws InterruptedException {
		long deadline = System.nanoTime() + this.options.operationTimeout().toNanos();
		while (System.nanoTime() < deadline) {
			try {
				TopicDescription description = this.admin.describeTopics(List.of(topic)).allTopicNames()
					.get(timeoutMillis(), TimeUnit.MILLISECONDS)
					.get(topic);
				if (description != null && description.partitions().stream()
					.allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty())) {
					return;
				}
			}
			catch (ExecutionException | TimeoutException ex) {
				// Metadata of a just created topic may not have propagated yet: ask again.
			}
			Thread.sleep(LEADER_POLL_MILLIS);
		}
		logger.warn("kafka/{} created, but not every partition had a leader within {}", topic,
				this.options.operationTimeout());
	}

	/** Fails with a readable message when the topic is missing. */
	public void require(String topic, String setting) {
		if (describe(topic).isEmpty()) {
			throw new FerryConfigurationException("Kafka topic '" + topic + "' (" + setting
					+ ") does not exist. Create it, or set ferry.provision=true to let Ferry create it");
		}
	}

	private <T> T await(KafkaFuture<T> future, String what) {
		try {
			return future.get(timeoutMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw failure(what, ex.getCause());
		}
		catch (InterruptedException | TimeoutException ex) {
			throw interruptedOrTimeout(what, ex);
		}
	}

	private long timeoutMillis() {
		return this.options.operationTimeout().toMillis();
	}

	private static TransportException failure(String what, Throwable cause) {
		return new TransportException("Kafka admin could not " + what + ": " + cause.getMessage(), cause, true);
	}

	private static TransportException interruptedOrTimeout(String what, Exception ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		return new TransportException("Kafka admin could not " + what + " in time", ex, true);
	}

}
