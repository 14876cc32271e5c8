package dev.ferry.benchmarks.eventbridge;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ch.qos.logback.classic.Level;
import dev.ferry.benchmarks.ConcurrentCalls;
import dev.ferry.benchmarks.RequestCounter;
import dev.ferry.benchmarks.Scenario;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.test.aws.LocalAws;
import dev.ferry.transport.eventbridge.EventBridgeOptions;
import dev.ferry.transport.eventbridge.EventBridgeTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * {@code eventbridge-publish-concurrent}: 64 caller threads, each publishing one event per call and
 * waiting for it, on the local EventBridge stand-in (bus without rules). Ferry's {@code publish()},
 * whose default {@code ferry.eventbridge.publish.batch-window} of 5 ms gathers concurrent calls into
 * PutEvents requests, against a raw {@code PutEvents} of one entry per call from the same threads
 * doing the same work (Jackson detail with Ferry's headers field, the entry's result checked). Spring
 * Cloud AWS has no EventBridge template, so the raw client is what an application would call.
 */
public final class EventBridgePublishConcurrentScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 1_000;

	private static final int THREADS = 64;

	@Override
	public String name() {
		return "eventbridge-publish-concurrent";
	}

	@Override
	public Result run(Options options) throws Exception {
		if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(Level.WARN);
		}
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		EventBridgePublishScenario.OrderShipped event = new EventBridgePublishScenario.OrderShipped("o-1", "c-42", 3, 2.5);
		RequestCounter ferryRequests = new RequestCounter();
		RequestCounter rawRequests = new RequestCounter();
		ExecutorService callers = Executors.newFixedThreadPool(THREADS);
		try (LocalAws aws = LocalAws.start();
				EventBridgeAsyncClient ferryClient = client(aws, ferryRequests);
				EventBridgeAsyncClient rawClient = client(aws, rawRequests)) {
			aws.eventBridgeClient().createEventBus(b -> b.name("bench"));
			try (Ferry ferry = Ferry.builder()
				.transport(new EventBridgeTransport(ferryClient, null, EventBridgeOptions.defaults(), () -> null))
				.destination(Destination.of("order-shipped", EventBridgeTransport.NAME, "bench")
					.withProperties(Map.of("source", "com.example.shop")))
				.hardeningMode(HardeningMode.OFF)
				.build()) {
				ferry.start();
				Set<String> sends = Set.of("PutEvents");
				ConcurrentCalls ferrySide = new ConcurrentCalls(THREADS, ferryRequests, sends);
				ConcurrentCalls rawSide = new ConcurrentCalls(THREADS, rawRequests, sends);
				for (int round = 0; round < options.warmupRounds() + options.rounds(); round++) {
					boolean measured = round >= options.warmupRounds();
					ferrySide.round(callers, messages, measured,
							() -> ferry.publisher().publish(OutboundMessage.of("order-shipped", event)));
					rawSide.round(callers, messages, measured, () -> {
						PutEventsResponse response = rawClient
							.putEvents(b -> b.entries(EventBridgePublishScenario.entry(event)))
							.join();
						if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
							throw new IllegalStateException("PutEvents failed: " + response.entries());
						}
					});
				}
				System.out.printf(Locale.ROOT, "settings: %d caller threads, one event per call, %d events per round; "
						+ "each side its own SDK async Netty client (default max 50 connections); Ferry batch window %d ms%n",
						THREADS, messages, EventBridgeOptions.DEFAULT_PUBLISH_BATCH_WINDOW.toMillis());
				return ConcurrentCalls.report(ferrySide, rawSide, "raw PutEvents, one entry per call", messages, "",
						"raw PutEvents of one entry per call from the same " + THREADS + " threads, doing Ferry's work");
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

	private static EventBridgeAsyncClient client(LocalAws aws, RequestCounter counter) {
		return EventBridgeAsyncClient.builder()
			.endpointOverride(aws.eventBridgeEndpoint())
			.region(aws.region())
			.credentialsProvider(aws.credentialsProvider())
			.overrideConfiguration(c -> c.addExecutionInterceptor(counter))
			.build();
	}

}
