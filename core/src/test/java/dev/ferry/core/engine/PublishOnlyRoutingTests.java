package dev.ferry.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.convert.DeserializationException;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.SubscriptionSettings;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.transport.DeadLetterReader;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.EnvelopeReader;
import dev.ferry.core.transport.InboundDecoding;
import dev.ferry.core.transport.PublishOnlyTransport;
import dev.ferry.core.transport.QueueRoute;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.TransportCapabilities;
import dev.ferry.transport.inmemory.InMemoryTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seam for publish-only transports, on the in-memory transport as the queue: each listener id
 * gets its own queue, the publishing transport's envelope reader and dead-letter reader decode what
 * the queue delivers, and configuration errors name the property.
 */
class PublishOnlyRoutingTests {

	private final InMemoryTransport queues = new InMemoryTransport();

	private final WrappingTransport topics = new WrappingTransport(this.queues);

	private Ferry ferry;

	@AfterEach
	void close() {
		if (this.ferry != null) {
			this.ferry.close();
		}
	}

	@Test
	void eachListenerIdReadsItsOwnQueueAndSeesTheMessageAsPublished() {
		Destination events = Destination.of("order-events", WrappingTransport.NAME, "order-events");
		this.ferry = ferry(events);
		Queue<MessageContext> billing = new ConcurrentLinkedQueue<>();
		Queue<MessageContext> shipping = new ConcurrentLinkedQueue<>();
		this.ferry.listen(ListenerDefinition.builder("billing", "order-events", String.class,
				(payload, context) -> billing.add(context)).build());
		this.ferry.listen(ListenerDefinition.builder("shipping", "order-events", String.class,
				(payload, context) -> shipping.add(context)).build());
		this.ferry.start();

		String id = this.ferry.publisher().publish("order-events", "placed").messageId();

		await().atMost(Duration.ofSeconds(10)).until(() -> billing.size() == 1 && shipping.size() == 1);
		assertThat(this.ferry.routes()).extracting(QueueRoute::queueReference)
			.containsExactly("in-memory/order-events-billing", "in-memory/order-events-shipping");
		for (MessageContext context : List.of(billing.peek(), shipping.peek())) {
			assertThat(context.messageId()).isEqualTo(id);
			assertThat(context.destination()).isEqualTo("order-events");
			assertThat(context.transportAttributes()).containsEntry("wrapped-by", WrappingTransport.NAME);
			assertThat(context.deadLetterInfo()).isEmpty();
		}
	}

	@Test
	void twoListenersOnOneNamedQueueIsAStartUpErrorNamingTheProperty() {
		SubscriptionSettings shared = new SubscriptionSettings(null, null, null, Map.of(),
				Map.of("billing", queue("shared"), "shipping", queue("shared")));
		this.ferry = ferry(Destination.of("order-events", WrappingTransport.NAME, "order-events").withSubscription(shared));
		this.ferry.listen(ListenerDefinition.builder("billing", "order-events", String.class, (p, c) -> {
		}).build());

		assertThatThrownBy(() -> this.ferry.listen(ListenerDefinition.builder("shipping", "order-events", String.class,
				(p, c) -> {
				}).build()))
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("ferry.destinations.order-events.subscription.listeners.shipping.queue")
			.hasMessageContaining("'billing' and 'shipping'");
	}

	@Test
	void unreadableEnvelopeIsDeadLetteredAndTheListenerKeepsRunning() throws Exception {
		Destination events = Destination.of("order-events", WrappingTransport.NAME, "order-events");
		this.ferry = ferry(events);
		Queue<String> received = new ConcurrentLinkedQueue<>();
		this.ferry.listen(ListenerDefinition.builder("billing", "order-events", String.class,
				(payload, context) -> received.add(payload)).build());
		this.ferry.start();
		QueueRoute route = this.ferry.routes().get(0);

		this.queues.send(route.queue(), List.of(encoded("not-wrapped", "garbage"))).get();
		this.ferry.publisher().publish("order-events", "good");

		await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("good")
				&& this.queues.deadLetterQueue(route.queue()).size() == 1);
		assertThat(received).containsExactly("good");
	}

	@Test
	void deadLetterReaderOfThePublishingTransportFillsTheContext() throws Exception {
		Destination events = Destination.of("order-events", WrappingTransport.NAME, "order-events");
		this.ferry = ferry(events);
		Queue<MessageContext> received = new ConcurrentLinkedQueue<>();
		this.ferry.listen(ListenerDefinition.builder("billing", "order-events", String.class,
				(payload, context) -> received.add(context)).build());
		this.ferry.start();

		this.ferry.publisher().publish(dev.ferry.core.message.OutboundMessage.to("order-events")
			.payload("undeliverable")
			.header(WrappingTransport.FAILED, "endpoint gone")
			.build());

		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		DeadLetterInfo info = received.peek().deadLetterInfo().orElseThrow();
		assertThat(info.exceptionMessage()).isEqualTo("endpoint gone");
		assertThat(info.source()).isEqualTo("order-events");
	}

	@Test
	void queueDestinationNamingAnEnvelopeIsDecodedByThatTransport() throws Exception {
		Destination plain = Destination.of("subscribed-elsewhere", InMemoryTransport.NAME, "subscribed-elsewhere")
			.withEnvelope(WrappingTransport.NAME);
		this.ferry = ferry(plain);
		Queue<String> received = new ConcurrentLinkedQueue<>();
		this.ferry.listen(ListenerDefinition.builder("reader", "subscribed-elsewhere", String.class,
				(payload, context) -> received.add(payload)).build());
		this.ferry.start();

		this.queues.send(plain, List.of(WrappingTransport.wrap(encoded("m-1", "inside")))).get();

		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		assertThat(received).containsExactly("inside");
	}

	@Test
	void unknownEnvelopeIsAConfigurationError() {
		this.ferry = ferry(Destination.of("q", InMemoryTransport.NAME, "q").withEnvelope("carrier-pigeon"));

		assertThatThrownBy(() -> this.ferry.listen(ListenerDefinition.builder("reader", "q", String.class, (p, c) -> {
		}).build())).isInstanceOf(FerryConfigurationException.class).hasMessageContaining("ferry.destinations.q.envelope");
	}

	@Test
	void consumingAPublishOnlyTransportDirectlyIsRefused() {
		Destination events = Destination.of("order-events", WrappingTransport.NAME, "order-events");

		assertThatThrownBy(() -> this.topics.subscribe(events, null, batch -> List.of()))
			.isInstanceOf(FerryConfigurationException.class)
			.hasMessageContaining("ferry.destinations.order-events.subscription");
	}

	private Ferry ferry(Destination... destinations) {
		return Ferry.builder()
			.transport(this.queues)
			.transport(this.topics)
			.destinations(List.of(destinations))
			.hardeningMode(HardeningMode.OFF)
			.pollTimeout(Duration.ofMillis(100))
			.shutdownTimeout(Duration.ofSeconds(5))
			.build();
	}

	private static SubscriptionSettings queue(String name) {
		return new SubscriptionSettings(null, name, null, Map.of(), Map.of());
	}

	private static EncodedMessage encoded(String id, String body) {
		return new EncodedMessage(id, body.getBytes(StandardCharsets.UTF_8),
				Headers.of(Map.of(FerryHeaders.MESSAGE_ID, id, FerryHeaders.TYPE, String.class.getName())), null, null,
				Duration.ZERO);
	}

	/**
	 * A publish-only transport for the test: delivers every published message to each route's
	 * in-memory queue with its body behind a marker, the way SNS wraps a notification.
	 */
	static final class WrappingTransport implements PublishOnlyTransport {

		static final String NAME = "wrapping";

		static final String MARK = "wrapped:";

		/** A header the publisher sets to say delivery failed, read by the dead-letter reader. */
		static final String FAILED = "delivery-failed";

		private final InMemoryTransport queues;

		private final List<QueueRoute> routes = new CopyOnWriteArrayList<>();

		WrappingTransport(InMemoryTransport queues) {
			this.queues = queues;
		}

		static EncodedMessage wrap(EncodedMessage message) {
			byte[] marked = (MARK + new String(message.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
			return new EncodedMessage(message.id(), marked, message.headers(), message.key(), message.deduplicationId(),
					message.delay());
		}

		@Override
		public String name() {
			return NAME;
		}

		@Override
		public TransportCapabilities capabilities(Destination destination) {
			return TransportCapabilities.builder().redeliveryDelay(true).maxBatchSize(10).publishOnly(true).build();
		}

		@Override
		public long maxMessageBytes(Destination destination) {
			return 1024;
		}

		@Override
		public CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages) {
			List<EncodedMessage> wrapped = messages.stream().map(WrappingTransport::wrap).toList();
			for (QueueRoute route : this.routes) {
				if (route.source().name().equals(destination.name())) {
					this.queues.send(route.queue(), wrapped).join();
				}
			}
			List<SendResult> results = new ArrayList<>();
			messages.forEach(message -> results.add(new SendResult.Accepted(message.id(), message.id(), Map.of())));
			return CompletableFuture.completedFuture(results);
		}

		@Override
		public QueueRoute route(Destination destination, String listenerId) {
			SubscriptionSettings settings = destination.subscription().forListener(listenerId);
			String queue = settings.queue() != null ? settings.queue() : destination.resource() + "-" + listenerId;
			return new QueueRoute(listenerId, destination,
					destination.on(InMemoryTransport.NAME, queue, Map.of(), NAME), decoding(destination));
		}

		@Override
		public void prepareRoute(QueueRoute route, boolean provision) {
			this.routes.add(route);
		}

		@Override
		public InboundDecoding decoding(Destination queue) {
			EnvelopeReader reader = delivered -> {
				String body = new String(delivered.body(), StandardCharsets.UTF_8);
				if (!body.startsWith(MARK)) {
					throw new DeserializationException("no wrapping marker", null);
				}
				return delivered.toBuilder()
					.body(body.substring(MARK.length()).getBytes(StandardCharsets.UTF_8))
					.attributes(Map.of("wrapped-by", NAME))
					.build();
			};
			DeadLetterReader deadLetters = (delivered, read) -> {
				String failure = read.headers().getOrNull(FAILED);
				return failure == null ? null : new DeadLetterInfo("delivery failed", "DELIVERY", null, failure,
						queue.name(), read.id(), 0, Instant.now(), Map.of());
			};
			return InboundDecoding.of(reader, deadLetters);
		}

	}

}
