package dev.ferry.benchmarks.eventbridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import ch.qos.logback.classic.Level;
import dev.ferry.benchmarks.Scenario;
import dev.ferry.benchmarks.sqs.Interleaved;
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
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code eventbridge-publish}: Ferry's {@code publishAll} (PutEvents, ten entries per request,
 * requests in flight together) against a raw PutEvents loop doing the same work: Jackson body,
 * Ferry's headers in the detail, ten entries per request, the same requests in flight together, and
 * a check of every entry's result. Both run on the local EventBridge stand-in of {@link LocalAws} in
 * one JVM run, interleaved round by round; the bus has no rules, so no delivery work is timed.
 */
public final class EventBridgePublishScenario implements Scenario {

	private static final int DEFAULT_MESSAGES = 2_000;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** The event both sides publish. */
	public record OrderShipped(String orderId, String customer, int parcels, double weight) {
	}

	@Override
	public String name() {
		return "eventbridge-publish";
	}

	@Override
	public Result run(Options options) throws Exception {
		if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(Level.WARN);
		}
		int messages = options.messages() > 0 ? options.messages() : DEFAULT_MESSAGES;
		try (LocalAws aws = LocalAws.start();
				EventBridgeAsyncClient client = EventBridgeAsyncClient.builder()
					.endpointOverride(aws.eventBridgeEndpoint())
					.region(aws.region())
					.credentialsProvider(aws.credentialsProvider())
					.build()) {
			aws.eventBridgeClient().createEventBus(b -> b.name("bench"));
			OrderShipped event = new OrderShipped("o-1", "c-42", 3, 2.5);
			try (Ferry ferry = Ferry.builder()
				.transport(new EventBridgeTransport(client, null, EventBridgeOptions.defaults(), () -> null))
				.destination(Destination.of("order-shipped", EventBridgeTransport.NAME, "bench")
					.withProperties(Map.of("source", "com.example.shop")))
				.hardeningMode(HardeningMode.OFF)
				.build()) {
				ferry.start();
				Map<String, Double> rates = new Interleaved().add("ferry", count -> {
					List<OutboundMessage> batch = new ArrayList<>(count);
					for (int i = 0; i < count; i++) {
						batch.add(OutboundMessage.of("order-shipped", event));
					}
					return Interleaved.time(() -> ferry.publisher().publishAll(batch).throwIfAnyFailed());
				}).add("raw", count -> Interleaved.time(() -> raw(client, event, count))).run(options, messages);
				double viaFerry = rates.get("ferry");
				double raw = rates.get("raw");
				System.out.printf(Locale.ROOT, "Ferry publishAll: %.0f events/s%n", viaFerry);
				System.out.printf(Locale.ROOT, "raw PutEvents loop doing Ferry's work: %.0f events/s (ratio %.2f, target >= 0.9)%n",
						raw, viaFerry / raw);
				return new Result(viaFerry, raw, "raw PutEvents loop: Jackson detail with the same headers field, "
						+ "10 entries per request, all requests in flight, every entry's result checked");
			}
		}
	}

	/** What an application would write by hand for the same result. */
	private static void raw(EventBridgeAsyncClient client, OrderShipped event, int count) {
		List<CompletableFuture<PutEventsResponse>> sends = new ArrayList<>();
		List<PutEventsRequestEntry> chunk = new ArrayList<>(10);
		for (int i = 0; i < count; i++) {
			chunk.add(entry(event));
			if (chunk.size() == 10) {
				List<PutEventsRequestEntry> entries = chunk;
				sends.add(client.putEvents(b -> b.entries(entries)));
				chunk = new ArrayList<>(10);
			}
		}
		if (!chunk.isEmpty()) {
			List<PutEventsRequestEntry> entries = chunk;
			sends.add(client.putEvents(b -> b.entries(entries)));
		}
		for (CompletableFuture<PutEventsResponse> send : sends) {
			PutEventsResponse response = send.join();
			if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
				throw new IllegalStateException("PutEvents failed entries: " + response.entries());
			}
		}
	}

	/** The entry Ferry would send for {@code event}: Jackson detail with Ferry's two headers in {@code _ferry}. */
	static PutEventsRequestEntry entry(OrderShipped event) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("ferry-id", java.util.UUID.randomUUID().toString());
		headers.put("ferry-type", OrderShipped.class.getName());
		String json = MAPPER.writeValueAsString(event);
		String detail = json.substring(0, json.length() - 1) + ",\"_ferry\":" + MAPPER.writeValueAsString(headers) + "}";
		return PutEventsRequestEntry.builder()
			.eventBusName("bench")
			.source("com.example.shop")
			.detailType(OrderShipped.class.getSimpleName())
			.detail(detail)
			.build();
	}

}
