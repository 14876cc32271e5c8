package dev.ferry.core.observation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.ferry.core.consume.MessageContext;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.transport.inmemory.InMemoryTransport;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end with a real tracer (Micrometer Tracing's OpenTelemetry bridge, W3C propagation, the
 * handlers Spring Boot registers): the consumer's span, on the listener's own thread, belongs to
 * the producer's trace.
 */
@SuppressWarnings("rawtypes")
class OtelTracePropagationTest {

	private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build())
		.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
		.build();

	private final Tracer tracer = new OtelTracer(this.sdk.getTracer("ferry-test"), new OtelCurrentTraceContext(),
			event -> {
			});

	private final ObservationRegistry registry = ObservationRegistry.create();

	private Ferry ferry;

	OtelTracePropagationTest() {
		OtelPropagator propagator = new OtelPropagator(this.sdk.getPropagators(), this.sdk.getTracer("ferry-test"));
		this.registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(this.tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(this.tracer, propagator),
					new DefaultTracingObservationHandler(this.tracer)));
	}

	@AfterEach
	void close() {
		if (this.ferry != null) {
			this.ferry.close();
		}
		this.sdk.close();
	}

	@Test
	void theConsumersSpanHasTheProducersTraceId() {
		AtomicReference<Span> consumerSpan = new AtomicReference<>();
		AtomicReference<String> received = new AtomicReference<>();
		this.ferry = Ferry.builder()
			.transport(new InMemoryTransport())
			.destination(Destination.of("orders", InMemoryTransport.NAME, "orders"))
			.observationRegistry(this.registry)
			.pollTimeout(Duration.ofMillis(100))
			.build();
		this.ferry.listen(ListenerDefinition.builder("audit", "orders", Map.class, (Map order, MessageContext context) -> {
			received.set(context.headers().getOrNull(FerryHeaders.TRACEPARENT));
			consumerSpan.set(this.tracer.currentSpan());
		}).build());
		this.ferry.start();

		Span producer = this.tracer.nextSpan().name("checkout").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(producer)) {
			this.ferry.publisher().publish("orders", Map.of("id", "o-1"));
		}
		finally {
			producer.end();
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> consumerSpan.get() != null);
		String traceId = producer.context().traceId();
		assertThat(received.get()).startsWith("00-" + traceId + "-");
		assertThat(consumerSpan.get().context().traceId()).isEqualTo(traceId);
		assertThat(consumerSpan.get().context().spanId()).isNotEqualTo(producer.context().spanId());
	}

}
