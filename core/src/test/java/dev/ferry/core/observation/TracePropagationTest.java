package dev.ferry.core.observation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.ferry.core.consume.BatchResult;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.InboundMessage;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.transport.inmemory.InMemoryQueue;
import dev.ferry.transport.inmemory.InMemoryTransport;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's publish and process observations, with a registry whose only handler plays the part
 * of a tracer's propagating handlers: it writes a fixed {@code traceparent} through the sender
 * context's setter and remembers what the receiver context's getter reads.
 */
class TracePropagationTest {

	static final String PRODUCER_PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	private static final String READ = "read-traceparent";

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final InMemoryTransport transport = new InMemoryTransport();

	private final Destination orders = Destination.of("orders", InMemoryTransport.NAME, "orders");

	private Ferry ferry;

	TracePropagationTest() {
		this.registry.observationConfig().observationHandler(new FakePropagatingHandler());
	}

	@AfterEach
	void close() {
		if (this.ferry != null) {
			this.ferry.close();
		}
	}

	private Ferry ferry(ObservationRegistry observationRegistry) {
		Ferry.Builder builder = Ferry.builder().transport(this.transport).destination(this.orders);
		if (observationRegistry != null) {
			builder.observationRegistry(observationRegistry);
		}
		this.ferry = builder.build();
		return this.ferry;
	}

	private Headers publishedHeaders() {
		InMemoryQueue queue = this.transport.queue(this.orders);
		assertThat(queue.snapshot()).hasSize(1);
		return queue.snapshot().get(0).headers();
	}

	@Test
	void publishCreatesAPublishObservationAndWritesThePropagatedHeader() {
		ferry(this.registry).publisher().publish(OutboundMessage.of("orders", Map.of("id", "o-1")));

		assertThat(publishedHeaders().getOrNull(FerryHeaders.TRACEPARENT)).isEqualTo(PRODUCER_PARENT);
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo(ObservationTracePropagation.PUBLISH, 1)
			.hasObservationWithNameEqualTo(ObservationTracePropagation.PUBLISH)
			.that()
			.hasBeenStarted()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("destination", "orders")
			.hasLowCardinalityKeyValue("transport", "in-memory")
			.hasLowCardinalityKeyValue("outcome", "accepted")
			.hasContextualNameEqualTo("orders publish");
	}

	@Test
	void aPublishThatFailsIsObservedAsRejectedWithItsError() {
		Destination tiny = this.orders.withMaxMessageBytes(10L);
		this.ferry = Ferry.builder().transport(this.transport).destination(tiny).observationRegistry(this.registry).build();

		assertThat(this.ferry.publisher().publishAll(List.of(OutboundMessage.of("orders", "x".repeat(100)))).entries()
			.get(0)
			.failure()).isNotNull();
		assertThat(this.registry).hasObservationWithNameEqualTo(ObservationTracePropagation.PUBLISH)
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "rejected")
			.assertThatError()
			.isNotNull();
	}

	@Test
	void aTraceparentSetByTheApplicationIsKept() {
		String own = "00-11111111111111111111111111111111-2222222222222222-01";
		ferry(this.registry).publisher()
			.publish(OutboundMessage.to("orders").payload("x").header(FerryHeaders.TRACEPARENT, own).build());

		assertThat(publishedHeaders().getOrNull(FerryHeaders.TRACEPARENT)).isEqualTo(own);
	}

	@Test
	void withoutARegistryOrWithTheNoopOneNothingIsAdded() {
		assertThat(ObservationTracePropagation.of(ObservationRegistry.NOOP)).isSameAs(TracePropagation.none());
		ferry(ObservationRegistry.NOOP).publisher().publish(OutboundMessage.of("orders", Map.of("id", "o-1")));
		assertThat(publishedHeaders().names()).containsExactlyInAnyOrder(FerryHeaders.MESSAGE_ID, FerryHeaders.TYPE);
		assertThat(this.registry).doesNotHaveAnyObservation();
	}

	@Test
	void withoutARegistryConfiguredNothingIsAdded() {
		ferry(null).publisher().publish(OutboundMessage.of("orders", Map.of("id", "o-1")));
		assertThat(publishedHeaders().names()).containsExactlyInAnyOrder(FerryHeaders.MESSAGE_ID, FerryHeaders.TYPE);
	}

	@Test
	void theHandlerRunsInsideAProcessObservationWhoseReceiverContextReadTheTraceparent() {
		AtomicReference<Observation> current = new AtomicReference<>();
		ListenerDefinition listener = ListenerDefinition
			.builder("audit", "orders", String.class, (String payload, dev.ferry.core.consume.MessageContext context) -> current
				.set(this.registry.getCurrentObservation()))
			.build();

		List<Outcome> outcomes = ferry(this.registry).pipeline(listener)
			.process(List.of(inbound("m-1", Map.of(FerryHeaders.TRACEPARENT, PRODUCER_PARENT))));

		assertThat(outcomes).containsExactly(Outcome.ack());
		assertThat(current.get()).isNotNull();
		Observation.Context context = current.get().getContext();
		assertThat(context.getName()).isEqualTo(ObservationTracePropagation.PROCESS);
		assertThat(context).isInstanceOf(ReceiverContext.class);
		assertThat((String) context.get(READ)).isEqualTo(PRODUCER_PARENT);
		assertThat(this.registry.getCurrentObservation()).as("scope closed after the handler").isNull();
		assertThat(this.registry).hasObservationWithNameEqualTo(ObservationTracePropagation.PROCESS)
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("destination", "orders")
			.hasLowCardinalityKeyValue("transport", "in-memory")
			.hasLowCardinalityKeyValue("listener", "audit")
			.hasLowCardinalityKeyValue("outcome", "ack");
	}

	@Test
	void aFailingHandlerIsRecordedAsRetryWithItsError() {
		ListenerDefinition listener = ListenerDefinition
			.builder("audit", "orders", String.class, (String payload, dev.ferry.core.consume.MessageContext context) -> {
				throw new IllegalStateException("boom");
			})
			.build();

		List<Outcome> outcomes = ferry(this.registry).pipeline(listener).process(List.of(inbound("m-1", Map.of())));

		assertThat(outcomes.get(0)).isInstanceOf(Outcome.Retry.class);
		assertThat(this.registry).hasObservationWithNameEqualTo(ObservationTracePropagation.PROCESS)
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "retry")
			.assertThatError()
			.hasMessage("boom");
	}

	@Test
	void aBatchGetsOneProcessObservationContinuingTheFirstMessagesTrace() {
		AtomicReference<Observation> current = new AtomicReference<>();
		ListenerDefinition listener = ListenerDefinition.batchBuilder("batch", "orders", String.class, deliveries -> {
			current.set(this.registry.getCurrentObservation());
			return BatchResult.success();
		}).build();

		List<Outcome> outcomes = ferry(this.registry).pipeline(listener)
			.process(List.of(inbound("m-1", Map.of(FerryHeaders.TRACEPARENT, PRODUCER_PARENT)),
					inbound("m-2", Map.of(FerryHeaders.TRACEPARENT, "00-33333333333333333333333333333333-4444444444444444-01"))));

		assertThat(outcomes).containsExactly(Outcome.ack(), Outcome.ack());
		assertThat((String) current.get().getContext().get(READ)).isEqualTo(PRODUCER_PARENT);
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo(ObservationTracePropagation.PROCESS, 1)
			.hasObservationWithNameEqualTo(ObservationTracePropagation.PROCESS)
			.that()
			.hasLowCardinalityKeyValue("listener", "batch")
			.hasLowCardinalityKeyValue("outcome", "ack");
	}

	static InboundMessage inbound(String id, Map<String, String> headers) {
		return new InboundMessage(id, "t-" + id, "orders", "\"x\"".getBytes(StandardCharsets.UTF_8),
				Headers.of(headers).with(FerryHeaders.MESSAGE_ID, id), null, null, null, 1, null, Map.of(),
				extension -> {
				});
	}

	/** Stands in for a tracer's propagating handlers: writes and reads {@code traceparent}. */
	private static final class FakePropagatingHandler implements ObservationHandler<Observation.Context> {

		@Override
		@SuppressWarnings("unchecked")
		public void onStart(Observation.Context context) {
			if (context instanceof SenderContext<?> sender) {
				((SenderContext<Object>) sender).getSetter()
					.set(sender.getCarrier(), FerryHeaders.TRACEPARENT, PRODUCER_PARENT);
			}
			else if (context instanceof ReceiverContext<?> receiver) {
				String read = ((ReceiverContext<Object>) receiver).getGetter()
					.get(receiver.getCarrier(), FerryHeaders.TRACEPARENT);
				if (read != null) {
					context.put(READ, read);
				}
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
