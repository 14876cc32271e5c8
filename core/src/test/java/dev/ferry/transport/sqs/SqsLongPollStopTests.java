package dev.ferry.transport.sqs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.Subscription;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener in a 20-second long poll stops without waiting for the poll to end: the receive call is
 * cancelled. What is published afterwards is received by the next listener.
 */
class SqsLongPollStopTests {

	private final ElasticMq sqs = ElasticMq.get();

	@Test
	void stopCancelsTheLongPollInsteadOfWaitingForIt() {
		AtomicInteger receives = new AtomicInteger();
		ExecutionInterceptor counting = new ExecutionInterceptor() {
			@Override
			public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
				if (context.request() instanceof ReceiveMessageRequest request && request.waitTimeSeconds() == 20) {
					receives.incrementAndGet();
				}
			}
		};
		this.sqs.createQueue("long-poll-stop", Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "2"));
		Destination destination = Destination.of("orders", "sqs", "long-poll-stop");
		try (SqsAsyncClient client = this.sqs.clientWith(counting)) {
			// A short visibility (1 s processing + 1 s margin), so a message an aborted poll took is soon back.
			SqsTransport transport = new SqsTransport(client,
					SqsOptions.defaults().withVisibility(Duration.ofSeconds(1), Duration.ofSeconds(1)), SqsXRay.none());
			List<InboundMessage> received = new CopyOnWriteArrayList<>();
			ReceiveSettings settings = new ReceiveSettings("long-poll", 1, true, 10, Duration.ofSeconds(1),
					Duration.ofSeconds(20));
			Subscription first = transport.subscribe(destination, settings, batch -> {
				received.addAll(batch);
				return batch.stream().map(message -> (Outcome) Outcome.ack()).toList();
			});
			first.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> receives.get() >= 1);

			long started = System.nanoTime();
			first.stop(Duration.ofSeconds(30));
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			// Without cancelling, stop waits for the 20 s poll to end; the margin is for a loaded machine.
			assertThat(took).isLessThan(Duration.ofSeconds(10));
			assertThat(first.isRunning()).isFalse();

			assertThat(transport.send(destination, List.of(SqsPublishTest.message("after", Map.of()))).join())
				.allMatch(dev.ferry.core.transport.SendResult.Accepted.class::isInstance);
			Subscription second = transport.subscribe(destination,
					new ReceiveSettings("next", 1, true, 10, Duration.ofSeconds(1), Duration.ofSeconds(1)), batch -> {
						received.addAll(batch);
						return batch.stream().map(message -> (Outcome) Outcome.ack()).toList();
					});
			second.start();
			try {
				// The aborted long poll may still be open on the server side, which can hand it this message:
				// then the message becomes visible again when that poll's 20 s are over plus its 2 s visibility
				// timeout, and the next listener receives it. Either way it is not lost.
				await().atMost(Duration.ofSeconds(45)).until(() -> received.size() == 1);
			}
			finally {
				second.stop(Duration.ofSeconds(5));
			}
		}
	}

}
