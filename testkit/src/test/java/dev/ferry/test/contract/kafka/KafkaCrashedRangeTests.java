package dev.ferry.test.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.test.kafka.KafkaTestBroker;
import dev.ferry.transport.kafka.KafkaOptions;
import dev.ferry.transport.kafka.KafkaTransport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A consumer that finds the attempts marker of a crashed batch on its partition delivers that range
 * one record at a time (so only the record that crashed the process is charged for the crash). This
 * checks the range is worked through at the pace of the handler and the commits, not of one fetch
 * round trip per record, and that every record of it is counted as a second delivery exactly once.
 */
class KafkaCrashedRangeTests {

	private static final int RECORDS = 500;

	@Test
	void crashedRangeIsDeliveredOneRecordAtATimeWithoutRefetchingEachRecord() throws Exception {
		KafkaTestBroker broker = KafkaTestBroker.shared();
		String topic = "crashed-range-" + UUID.randomUUID();
		String group = topic + "-group";
		broker.createTopics(1, topic, topic + ".DLT");
		Destination destination = Destination.of("orders", KafkaTransport.NAME, topic)
			.withProperties(Map.of("consumer-group", group));
		KafkaOptions options = KafkaOptions.builder(broker.bootstrapServers()).groupId(group).build();
		try (Ferry publisher = Ferry.builder().transport(new KafkaTransport(options, null)).destination(destination).build()) {
			List<OutboundMessage> messages = new ArrayList<>();
			for (int number = 0; number < RECORDS; number++) {
				messages.add(OutboundMessage.to("orders").payload("order-" + number).key("one").build());
			}
			assertThat(publisher.publisher().publishAll(messages).failed()).isEmpty();
		}
		// What a consumer killed in the middle of a batch of all RECORDS leaves behind.
		try (Admin admin = Admin.create(broker.adminProperties())) {
			admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0),
					new OffsetAndMetadata(0, "ferry-attempts:0-" + (RECORDS - 1) + ":1/1")))
				.all()
				.get();
		}
		Map<String, Integer> attempts = new ConcurrentHashMap<>();
		List<String> duplicates = new ArrayList<>();
		try (Ferry consumer = Ferry.builder()
			.transport(new KafkaTransport(options, null))
			.destination(destination)
			.hardeningMode(HardeningMode.OFF)
			.build()) {
			consumer.listen(ListenerDefinition.builder("crashed-range", "orders", String.class, (order, context) -> {
				if (attempts.putIfAbsent(order, context.attempt()) != null) {
					synchronized (duplicates) {
						duplicates.add(order);
					}
				}
			}).build());
			consumer.start();
			// One fetch round trip per record (the broker's fetch.max.wait.ms, 500 ms) would take minutes.
			await("the crashed range worked through").atMost(Duration.ofSeconds(60))
				.until(() -> attempts.size() == RECORDS);
		}
		assertThat(duplicates).isEmpty();
		assertThat(attempts.values()).as("each record of the crashed range is on its second delivery")
			.containsOnly(2);
	}

}
