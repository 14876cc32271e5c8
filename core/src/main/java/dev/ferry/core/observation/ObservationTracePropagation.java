package dev.ferry.core.observation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.ferry.core.message.Headers;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * {@link TracePropagation} on Micrometer's Observation API. Every published message gets a
 * {@value #PUBLISH} observation (a {@link SenderContext} whose carrier is the message's header
 * map), every handler call a {@value #PROCESS} observation (a {@link ReceiverContext} reading the
 * received headers), both with the low-cardinality key values {@value #DESTINATION},
 * {@value #TRANSPORT}, {@value #LISTENER} (process only) and {@value #OUTCOME}.
 *
 * <p>Which headers are written and read is up to the registry's handlers: with Micrometer Tracing
 * and W3C propagation (Spring Boot's default) they are {@code traceparent} and, when not empty,
 * {@code tracestate}; other propagation formats (B3, baggage) add theirs. Each header is one
 * message attribute on SQS, which allows ten per message including Ferry's own.
 *
 * <p>Without handlers nothing is written: a no-op registry yields {@link TracePropagation#none()}.
 */
public final class ObservationTracePropagation implements TracePropagation {

	/** Name of the observation of one published message. */
	public static final String PUBLISH = "ferry.publish";

	/** Name of the observation of one handler call (one message, or one batch). */
	public static final String PROCESS = "ferry.process";

	/** Key of the logical destination name. */
	public static final String DESTINATION = "destination";

	/** Key of the transport name. */
	public static final String TRANSPORT = "transport";

	/** Key of the listener id. */
	public static final String LISTENER = "listener";

	/** Key of the outcome: accepted/rejected at publish, ack/retry/reject at processing. */
	public static final String OUTCOME = "outcome";

	private final ObservationRegistry registry;

	private ObservationTracePropagation(ObservationRegistry registry) {
		this.registry = registry;
	}

	/** Propagation through the registry; {@link TracePropagation#none()} for the no-op registry. */
	public static TracePropagation of(ObservationRegistry registry) {
		Objects.requireNonNull(registry, "observationRegistry");
		return registry == ObservationRegistry.NOOP ? TracePropagation.none()
				: new ObservationTracePropagation(registry);
	}

	@Override
	public Publication publish(String destination, String transport) {
		Map<String, String> carrier = new LinkedHashMap<>();
		SenderContext<Map<String, String>> context = new SenderContext<>(
				(map, name, value) -> map.put(name, value), Kind.PRODUCER);
		context.setCarrier(carrier);
		context.setRemoteServiceName(transport);
		Observation observation = Observation.createNotStarted(PUBLISH, () -> context, this.registry)
			.contextualName(destination + " publish")
			.lowCardinalityKeyValue(DESTINATION, destination)
			.lowCardinalityKeyValue(TRANSPORT, transport)
			.start();
		return new ObservedPublication(observation, carrier);
	}

	@Override
	public Scope open(Headers headers, String destination, String transport, String listener) {
		ReceiverContext<Headers> context = new ReceiverContext<>(Headers::getOrNull, Kind.CONSUMER);
		context.setCarrier(headers);
		context.setRemoteServiceName(transport);
		Observation observation = Observation.createNotStarted(PROCESS, () -> context, this.registry)
			.contextualName(destination + " process")
			.lowCardinalityKeyValue(DESTINATION, destination)
			.lowCardinalityKeyValue(TRANSPORT, transport)
			.lowCardinalityKeyValue(LISTENER, listener)
			.start();
		return new ObservedScope(observation, observation.openScope());
	}

	private record ObservedPublication(Observation observation, Map<String, String> carrier) implements Publication {

		@Override
		public Map<String, String> inject() {
			// the sender context's propagating handler filled the carrier when the observation started
			return this.carrier;
		}

		@Override
		public void stop(String outcome, @Nullable Throwable error) {
			this.observation.lowCardinalityKeyValue(KeyValue.of(OUTCOME, outcome));
			if (error != null) {
				this.observation.error(error);
			}
			this.observation.stop();
		}

	}

	private static final class ObservedScope implements Scope {

		private final Observation observation;

		private final Observation.Scope scope;

		private String outcome = "unknown";

		ObservedScope(Observation observation, Observation.Scope scope) {
			this.observation = observation;
			this.scope = scope;
		}

		@Override
		public void outcome(String outcome) {
			this.outcome = outcome;
		}

		@Override
		public void error(Throwable error) {
			this.observation.error(error);
		}

		@Override
		public void close() {
			this.observation.lowCardinalityKeyValue(OUTCOME, this.outcome);
			this.scope.close();
			this.observation.stop();
		}

	}

}
