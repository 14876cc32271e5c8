package dev.ferry.transport.sqs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.Subscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SqsRedriveAndFifoTest {

	private final ElasticMq sqs = ElasticMq.get();

	private final SqsTransport transport = new SqsTransport(this.sqs.client());

	@Test
	void redriveMovesDeadLettersBackToTheSourceQueue() {
		String url = this.sqs.createWithDeadLetterQueue("redrive-source", 5);
		Destination destination = Destination.of("redrive", "sqs", "redrive-source");
		this.transport.prepare(destination, false);
		this.transport.send(destination, List.of(SqsPublishTest.message("{}", Map.of()))).join();
		Subscription poison = this.transport.subscribe(destination, SqsReceiveTest.settings(true),
				batch -> batch.stream().map(m -> (Outcome) Outcome.reject(DeadLetterInfo.NON_RETRYABLE, "bad", null)).toList());
		poison.start();
		String dlqUrl = url.replace("redrive-source", "redrive-source-dlq");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sqs.approximateCount(dlqUrl) == 1);
		poison.stop(Duration.ofSeconds(5));

		String handle = this.transport.redrive("redrive", 0).join();
		assertThat(handle).isNotBlank();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.sqs.approximateCount(dlqUrl) == 0 && this.sqs.approximateCount(url) == 1);
	}

	@Test
	void redriveOfUnknownDestinationFailsClearly() {
		assertThatThrownBy(() -> this.transport.redrive("nobody", 0).join()).hasCauseInstanceOf(
				FerryConfigurationException.class).hasMessageContaining("'nobody'");
	}

	@Test
	void fifoMessagesCarryTheirGroupAsOrderingGroupAndArriveInOrder() {
		this.sqs.createQueue("fifo-order.fifo", Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.FIFO_QUEUE, "true"));
		Destination destination = Destination.of("fifo", "sqs", "fifo-order.fifo");
		List<EncodedMessage> messages = new java.util.ArrayList<>();
		for (int i = 0; i < 12; i++) {
			messages.add(new EncodedMessage("m" + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8),
					Headers.of(Map.of("ferry-id", "m" + i)), i % 2 == 0 ? "even" : "odd", null, Duration.ZERO));
		}
		this.transport.send(destination, messages).join();
		List<InboundMessage> received = new CopyOnWriteArrayList<>();
		Subscription subscription = this.transport.subscribe(destination, SqsReceiveTest.settings(true), batch -> {
			received.addAll(batch);
			return batch.stream().map(m -> (Outcome) Outcome.ack()).toList();
		});
		subscription.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 12);
		}
		finally {
			subscription.stop(Duration.ofSeconds(5));
		}
		List<String> even = received.stream().filter(m -> "even".equals(m.orderingGroup())).map(InboundMessage::id).toList();
		assertThat(even).containsExactly("m0", "m2", "m4", "m6", "m8", "m10");
		assertThat(received).allSatisfy(m -> assertThat(m.key()).isEqualTo(m.orderingGroup()));
		assertThat(received.get(0).deduplicationId()).isEqualTo(received.get(0).id());
	}

	@Test
	void pipelineFailureIsRetriedUntilRedriveCatchesItAndTheReceiverKeepsRunning() {
		String url = this.sqs.createWithDeadLetterQueue("bad-input", 1);
		String dlqUrl = url.replace("bad-input", "bad-input-dlq");
		Destination destination = Destination.of("bad", "sqs", "bad-input");
		this.transport.send(destination, List.of(SqsPublishTest.message("{broken", Map.of()),
				SqsPublishTest.message("{\"ok\":true}", Map.of()))).join();
		List<String> handled = new CopyOnWriteArrayList<>();
		Subscription subscription = this.transport.subscribe(destination,
				new dev.ferry.core.transport.ReceiveSettings("bad", 1, false, 1, Duration.ofSeconds(5), Duration.ofSeconds(1)),
				batch -> {
			if (batch.stream().anyMatch(m -> new String(m.body()).equals("{broken"))) {
				throw new IllegalStateException("pipeline bug");
			}
			return batch.stream().map(m -> {
				handled.add(new String(m.body()));
				return (Outcome) Outcome.ack();
			}).toList();
		});
		subscription.start();
		try {
			// the failing message is retried after a pause, never lost, and ends in the DLQ through the redrive
			// policy; a well-formed message still gets through
			await().atMost(Duration.ofSeconds(15)).until(() -> handled.contains("{\"ok\":true}"));
			await().atMost(Duration.ofSeconds(15)).until(() -> this.sqs.approximateCount(dlqUrl) == 1);
			assertThat(subscription.isRunning()).isTrue();
		}
		finally {
			subscription.stop(Duration.ofSeconds(5));
		}
	}

}
