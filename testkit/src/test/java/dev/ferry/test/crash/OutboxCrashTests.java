package dev.ferry.test.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ferry.outbox.jdbc.JdbcOutbox;
import dev.ferry.outbox.jdbc.JdbcOutboxOptions;
import dev.ferry.test.sqs.ElasticMqServer;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The transactional outbox under SIGKILL: an order service in a child JVM saves 10,000 orders,
 * publishing {@code OrderPlaced} in each order's transaction (every tenth one rolls back after
 * publishing); it is killed mid-way several times, and a last instance saves the rest and relays
 * what is left. Every committed order must have its message on the queue, and no rolled-back one.
 */
class OutboxCrashTests {

	private static final int ORDERS = 10_000;

	private static final int KILLS = 3;

	private static final Pattern NUMBER = Pattern.compile("\"number\"\\s*:\\s*(\\d+)");

	@Test
	void publisherKilledMidWayDeliversEveryCommittedOrderAndNothingRolledBack() throws Exception {
		CrashRig.assumePostgreSql();
		String queue = CrashRig.unique("crash_outbox");
		String orders = CrashRig.unique("crash_orders");
		String outbox = CrashRig.unique("crash_outbox");
		CrashRig.execute("CREATE TABLE " + orders + " (number INT NOT NULL PRIMARY KEY)");
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(CrashRig.JDBC_URL);
		dataSource.setUser("postgres");
		new JdbcOutbox(dataSource, new JdbcOutboxOptions(outbox)).createTableIfMissing();
		try (ElasticMqServer server = new ElasticMqServer().start(); SqsAsyncClient client = server.createClient()) {
			String url = server.createQueue(client, queue, Map.of());
			Map<String, String> properties = new HashMap<>();
			properties.put("crash.mode", "outbox");
			properties.put("crash.transport", "sqs");
			properties.put("crash.endpoint", server.endpoint().toString());
			properties.put("crash.resource", queue);
			properties.put("crash.jdbc", CrashRig.JDBC_URL);
			properties.put("crash.orders", orders);
			properties.put("crash.outbox", outbox);
			properties.put("crash.orders-count", String.valueOf(ORDERS));
			Random random = new Random();
			List<Long> killedAt = new ArrayList<>();
			long started = System.nanoTime();
			int share = ORDERS / (KILLS + 1);
			for (int kill = 0; kill < KILLS; kill++) {
				long target = (long) kill * share + share / 2 + random.nextInt(share / 2);
				CrashRig.Child child = CrashRig.Child.start(properties).awaitReady();
				try {
					child.until("order service " + kill + " reaching " + target + " orders", Duration.ofSeconds(120),
							Duration.ofMillis(15), () -> CrashRig.longs("SELECT count(*) FROM " + orders)[0] >= target);
				}
				finally {
					child.kill();
				}
				killedAt.add(CrashRig.longs("SELECT count(*) FROM " + orders)[0]);
			}
			long leftBehind = CrashRig.longs("SELECT count(*) FROM " + outbox)[0];
			CrashRig.Child last = CrashRig.Child.start(properties).awaitReady();
			try {
				last.until("last order service saving the rest and emptying the outbox", Duration.ofSeconds(150),
						Duration.ofMillis(200), () -> last.log().contains("ALL-SAVED")
							&& CrashRig.longs("SELECT count(*) FROM " + outbox)[0] == 0);
			}
			finally {
				last.kill();
			}
			Set<Integer> committed = new HashSet<>();
			try (var connection = CrashRig.connect(); var statement = connection.createStatement();
					var rows = statement.executeQuery("SELECT number FROM " + orders)) {
				while (rows.next()) {
					committed.add(rows.getInt(1));
				}
			}
			List<Integer> delivered = drain(client, url);
			Set<Integer> distinct = new HashSet<>(delivered);
			Set<Integer> lost = new HashSet<>(committed);
			lost.removeAll(distinct);
			Set<Integer> phantom = new HashSet<>(distinct);
			phantom.removeAll(committed);
			System.out.printf("Outbox crash run on SQS: %d kill points (orders committed at each kill: %s), "
					+ "%d outbox rows left behind by the last kill, %d orders (%d committed, %d rolled back), "
					+ "%d messages delivered, %d lost, %d for rolled-back orders, %d delivered twice, %.1f s%n",
					killedAt.size(), killedAt, leftBehind, ORDERS, committed.size(), ORDERS - committed.size(),
					delivered.size(), lost.size(), phantom.size(), delivered.size() - distinct.size(),
					(System.nanoTime() - started) / 1e9);
			assertThat(committed).as("committed orders").hasSize(ORDERS - ORDERS / 10)
				.noneMatch(CrashChild::rolledBack);
			assertThat(lost).as("committed orders without a message").isEmpty();
			assertThat(phantom).as("messages for orders that rolled back").isEmpty();
		}
		finally {
			CrashRig.dropTables(orders, outbox);
		}
	}

	/** Receives and deletes everything on the queue; returns the order numbers in the order received. */
	private static List<Integer> drain(SqsAsyncClient client, String url) {
		List<Integer> numbers = new ArrayList<>();
		int emptyReceives = 0;
		while (emptyReceives < 3) {
			List<Message> messages = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
				.join()
				.messages();
			if (messages.isEmpty()) {
				emptyReceives++;
				continue;
			}
			emptyReceives = 0;
			List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
			for (Message message : messages) {
				Matcher matcher = NUMBER.matcher(message.body());
				assertThat(matcher.find()).as("order number in " + message.body()).isTrue();
				numbers.add(Integer.parseInt(matcher.group(1)));
				deletes.add(DeleteMessageBatchRequestEntry.builder()
					.id(String.valueOf(deletes.size()))
					.receiptHandle(message.receiptHandle())
					.build());
			}
			client.deleteMessageBatch(b -> b.queueUrl(url).entries(deletes)).join();
		}
		return numbers;
	}

}
