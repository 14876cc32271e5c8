package dev.ferry.test.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyOptions;
import dev.ferry.idempotency.jdbc.JdbcIdempotencyStore;
import dev.ferry.test.sqs.ElasticMqServer;
import dev.ferry.transport.sqs.SqsTransport;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The one window the idempotency store alone leaves open, made deterministic: the consumer dies
 * after its handler's own transaction committed and before the store marks the key COMPLETED. The
 * key's lease lapses, the message comes back, and the handler runs a second time: at least once.
 * The same death with the transactional inbox (after the handler's work, before the one commit)
 * loses the uncommitted work with the claim, and the message is applied exactly once.
 */
class AtLeastOnceWindowTests {

	private static final int MESSAGES = 50;

	private static final int VICTIM = 20;

	@ParameterizedTest(name = "transactional inbox {0}")
	@ValueSource(booleans = { false, true })
	void deathBetweenHandlerAndCompletion(boolean transactional) throws Exception {
		CrashRig.assumePostgreSql();
		String queue = CrashRig.unique("crash_window");
		String effects = CrashRig.unique("crash_effects");
		String idempotency = CrashRig.unique("crash_idem");
		CrashRig.execute("CREATE TABLE " + effects + " (number INT NOT NULL, message_id VARCHAR(64) NOT NULL)");
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(CrashRig.JDBC_URL);
		dataSource.setUser("postgres");
		new JdbcIdempotencyStore(dataSource, new JdbcIdempotencyOptions(idempotency)).createTableIfMissing();
		try (ElasticMqServer server = new ElasticMqServer().start(); SqsAsyncClient client = server.createClient()) {
			Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
			attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, "2");
			String url = server.createQueue(client, queue, attributes);
			try (Ferry publisher = Ferry.builder()
				.transport(new SqsTransport(client))
				.destination(Destination.of("orders", SqsTransport.NAME, queue))
				.build()) {
				List<OutboundMessage> messages = new ArrayList<>();
				for (int number = 0; number < MESSAGES; number++) {
					messages.add(OutboundMessage.of("orders", new CrashOrder(number)));
				}
				assertThat(publisher.publisher().publishAll(messages).failed()).isEmpty();
			}
			Map<String, String> properties = new HashMap<>();
			properties.put("crash.mode", "inbox");
			properties.put("crash.transport", "sqs");
			properties.put("crash.endpoint", server.endpoint().toString());
			properties.put("crash.resource", queue);
			properties.put("crash.jdbc", CrashRig.JDBC_URL);
			properties.put("crash.effects", effects);
			properties.put("crash.idempotency", idempotency);
			properties.put("crash.transactional", String.valueOf(transactional));
			properties.put("crash.concurrency", "1");
			Map<String, String> dying = new HashMap<>(properties);
			dying.put("crash.halt-at", String.valueOf(VICTIM));
			CrashRig.Child first = CrashRig.Child.start(dying);
			assertThat(first.awaitExit(Duration.ofMinutes(2))).as("exit code of the halted consumer").isEqualTo(137);
			assertThat(first.log()).contains("HALT");
			CrashRig.Child second = CrashRig.Child.start(properties).awaitReady();
			try {
				Awaitility.await("second consumer finishing")
					.atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> CrashRig.longs("SELECT count(DISTINCT number) FROM " + effects)[0] == MESSAGES
							&& client.getQueueAttributes(b -> b.queueUrl(url)
								.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
										QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
								.join()
								.attributes()
								.values()
								.stream()
								.mapToInt(Integer::parseInt)
								.sum() == 0);
			}
			finally {
				second.kill();
			}
			long[] counts = CrashRig.longs("SELECT count(*), count(DISTINCT number), "
					+ "(SELECT count(*) FROM " + effects + " WHERE number = " + VICTIM + ") FROM " + effects);
			System.out.printf("At-least-once window, transactional inbox %s: 1 kill point (after the handler of "
					+ "message %d), %d messages, %d lost, %d duplicated%n", transactional, VICTIM, MESSAGES,
					MESSAGES - counts[1], counts[0] - counts[1]);
			assertThat(counts[1]).as("messages applied").isEqualTo(MESSAGES);
			if (transactional) {
				assertThat(counts[0]).as("rows: each message once").isEqualTo(MESSAGES);
			}
			else {
				assertThat(counts[2]).as("rows of the message whose completion died").isEqualTo(2);
				assertThat(counts[0]).as("rows: the victim twice, every other once").isEqualTo(MESSAGES + 1);
			}
		}
		finally {
			CrashRig.dropTables(effects, idempotency);
		}
	}

}
