package dev.ferry.test.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.BatchPublishResult;
import dev.ferry.core.transport.Transport;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import dev.ferry.test.kafka.KafkaTestBroker;
import dev.ferry.test.sqs.ElasticMqServer;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;
import dev.ferry.transport.sqs.SqsTransport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The transactional inbox under SIGKILL: 10,000 messages, consumers in child JVMs killed at random
 * points mid-stream (at least five times), a last instance finishing; the handler inserts one row
 * per message into a table without a unique constraint, so a message whose effects were applied
 * twice shows as an extra row. The brokers (ElasticMQ, embedded Kafka) run in this JVM and so
 * outlive every kill.
 */
class InboxCrashTests {

	private static final int MESSAGES = 10_000;

	private static final int KILLS = 5;

	@Test
	void sqsConsumerKilledRepeatedlyLosesAndDuplicatesNothing() throws Exception {
		CrashRig.assumePostgreSql();
		String queue = CrashRig.unique("crash_inbox");
		try (ElasticMqServer server = new ElasticMqServer().start(); SqsAsyncClient client = server.createClient()) {
			String dlqUrl = server.createQueue(client, queue + "-dlq", Map.of());
			String dlqArn = client.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
				.join()
				.attributes()
				.get(QueueAttributeName.QUEUE_ARN);
			Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
			// short visibility: what a killed consumer had received comes back quickly
			attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, "2");
			attributes.put(QueueAttributeName.REDRIVE_POLICY,
					"{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"50\"}");
			String url = server.createQueue(client, queue, attributes);
			Runnable publish = () -> publish(new SqsTransport(client), Destination.of("orders", SqsTransport.NAME, queue));
			Map<String, String> properties = new HashMap<>();
			properties.put("crash.transport", "sqs");
			properties.put("crash.endpoint", server.endpoint().toString());
			properties.put("crash.resource", queue);
			killAndFinish("SQS", properties, publish, () -> {
				Map<QueueAttributeName, String> counts = client
					.getQueueAttributes(b -> b.queueUrl(url)
						.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
								QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
								QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
					.join()
					.attributes();
				return counts.values().stream().mapToInt(Integer::parseInt).sum() == 0;
			});
		}
	}

	@Test
	void kafkaConsumerKilledRepeatedlyLosesAndDuplicatesNothing() throws Exception {
		CrashRig.assumePostgreSql();
		KafkaTestBroker broker = KafkaTestBroker.shared();
		String topic = CrashRig.unique("crash_inbox");
		String group = topic + "-group";
		broker.createTopics(4, topic, topic + ".DLT");
		Runnable publish = () -> publish(new KafkaTransport(KafkaOptions.builder(broker.bootstrapServers()).build(), null),
				Destination.of("orders", KafkaTransport.NAME, topic));
		Map<String, String> properties = new HashMap<>();
		properties.put("crash.transport", "kafka");
		properties.put("crash.endpoint", broker.bootstrapServers());
		properties.put("crash.resource", topic);
		properties.put("crash.group", group);
		properties.put("crash.concurrency", "1");
		try (Admin admin = Admin.create(broker.adminProperties())) {
			killAndFinish("Kafka", properties, publish, () -> committedAll(admin, topic, group));
		}
	}

	private static boolean committedAll(Admin admin, String topic, String group) {
		try {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int partition = 0; partition < 4; partition++) {
				latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
			}
			var ends = admin.listOffsets(latest).all().get();
			return ends.entrySet().stream().allMatch(end -> {
				OffsetAndMetadata offset = committed.get(end.getKey());
				return offset != null && offset.offset() >= end.getValue().offset();
			});
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static void publish(Transport transport, Destination destination) {
		try (Ferry publisher = Ferry.builder().transport(transport).destination(destination).build()) {
			for (int from = 0; from < MESSAGES; from += 500) {
				List<OutboundMessage> chunk = new ArrayList<>();
				for (int number = from; number < Math.min(MESSAGES, from + 500); number++) {
					chunk.add(OutboundMessage.to("orders").payload(new CrashOrder(number)).key("k" + (number % 64)).build());
				}
				BatchPublishResult result = publisher.publisher().publishAll(chunk);
				assertThat(result.failed()).as("publish failures").isEmpty();
			}
		}
	}

	/**
	 * Publishes the messages while the first consumer starts, kills each consumer once the effects
	 * table passed a random point of its share of the stream; then a last consumer finishes, and the
	 * effects are counted.
	 */
	private static void killAndFinish(String label, Map<String, String> base, Runnable publish,
			BooleanSupplier drained) throws Exception {
		String effects = CrashRig.unique("crash_effects");
		String idempotency = CrashRig.unique("crash_idem");
		CrashRig.execute("CREATE TABLE " + effects + " (number INT NOT NULL, message_id VARCHAR(64) NOT NULL)");
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(CrashRig.JDBC_URL);
		dataSource.setUser("postgres");
		new JdbcIdempotencyStore(dataSource, new JdbcIdempotencyOptions(idempotency)).createTableIfMissing();
		Map<String, String> properties = new HashMap<>(base);
		properties.put("crash.mode", "inbox");
		properties.put("crash.jdbc", CrashRig.JDBC_URL);
		properties.put("crash.effects", effects);
		properties.put("crash.idempotency", idempotency);
		Random random = new Random();
		List<Long> killedAt = new ArrayList<>();
		long started = System.nanoTime();
		CompletableFuture<Void> published = CompletableFuture.runAsync(publish);
		try {
			int share = MESSAGES / (KILLS + 1);
			for (int kill = 0; kill < KILLS; kill++) {
				long target = (long) kill * share + share / 2 + random.nextInt(share / 2);
				CrashRig.Child child = CrashRig.Child.start(properties);
				try {
					child.awaitReady();
					child.until(label + " consumer " + kill + " reaching " + target + " effects", Duration.ofSeconds(120),
							Duration.ofMillis(15), () -> CrashRig.longs("SELECT count(*) FROM " + effects)[0] >= target);
				}
				finally {
					child.kill();
				}
				killedAt.add(CrashRig.longs("SELECT count(*) FROM " + effects)[0]);
			}
			published.get(2, TimeUnit.MINUTES);
			CrashRig.Child last = CrashRig.Child.start(properties);
			try {
				last.awaitReady();
				last.until(label + " last consumer finishing", Duration.ofSeconds(150), Duration.ofMillis(200),
						() -> CrashRig.longs("SELECT count(DISTINCT number) FROM " + effects)[0] >= MESSAGES
							&& drained.getAsBoolean());
			}
			finally {
				last.kill();
			}
			long[] counts = CrashRig.longs("SELECT count(*), count(DISTINCT number) FROM " + effects);
			long lost = MESSAGES - counts[1];
			long duplicated = counts[0] - counts[1];
			System.out.printf("Inbox crash run on %s: %d kill points (effects rows at each kill: %s), %d messages, "
					+ "%d lost, %d duplicated, %.1f s%n", label, killedAt.size(), killedAt, MESSAGES, lost, duplicated,
					(System.nanoTime() - started) / 1e9);
			assertThat(killedAt).hasSize(KILLS);
			assertThat(lost).as("messages whose effects are missing").isZero();
			assertThat(duplicated).as("messages whose effects were applied twice").isZero();
		}
		finally {
			CrashRig.dropTables(effects, idempotency);
		}
	}

}
