package dev.ferry.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.engine.ConsumeObserver;
import dev.ferry.core.message.InboundMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records every consume outcome in Micrometer with OpenTelemetry's messaging metric names and
 * attributes: the counter {@value #CONSUMED} (one per message delivered to a listener) and the timer
 * {@value #DURATION} (time in the pipeline per message, per batch for batch listeners). Both are
 * tagged {@code messaging.system}, {@code messaging.destination.name},
 * {@code messaging.consumer.group.name} (the listener id) and {@code messaging.operation.name};
 * the timer also {@code ferry.outcome} ({@code ack}, {@code duplicate}, {@code retry}, {@code reject})
 * and {@code error.type} (the exception class or dead-letter code; {@code none} on success, so every
 * series has the same tag keys as Prometheus requires).
 */
public final class MicrometerConsumeObserver implements ConsumeObserver {

	/** Counter of messages delivered to listeners. */
	public static final String CONSUMED = "messaging.client.consumed.messages";

	/** Timer of time spent in the pipeline per message (per batch for batch listeners). */
	public static final String DURATION = "messaging.process.duration";

	/**
	 * Histogram bucket boundaries OpenTelemetry's messaging conventions recommend for durations
	 * (5 ms to 10 s), so percentiles can be computed from any backend's buckets.
	 */
	public static final Duration[] BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(75), Duration.ofMillis(100), Duration.ofMillis(250),
			Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(2500),
			Duration.ofSeconds(5), Duration.ofMillis(7500), Duration.ofSeconds(10) };

	private final MeterRegistry registry;

	private final Function<String, String> systemOf;

	/**
	 * @param registry where to register
	 * @param systemOf the {@code messaging.system} value of a logical destination
	 */
	public MicrometerConsumeObserver(MeterRegistry registry, Function<String, String> systemOf) {
		this.registry = registry;
		this.systemOf = systemOf;
	}

	@Override
	public void onOutcome(String listenerId, InboundMessage message, Outcome outcome, long nanos) {
		String name;
		String errorType = "none";
		if (outcome instanceof Outcome.Ack ack) {
			name = ack.duplicate() ? "duplicate" : "ack";
		}
		else if (outcome instanceof Outcome.Retry retry) {
			name = "retry";
			errorType = retry.cause() != null ? retry.cause().getClass().getSimpleName() : "retry";
		}
		else {
			name = "reject";
			errorType = ((Outcome.Reject) outcome).errorCode();
		}
		String system = this.systemOf.apply(message.destination());
		Counter.builder(CONSUMED)
			.description("Messages delivered to Ferry listeners")
			.tag("messaging.system", system)
			.tag("messaging.destination.name", message.destination())
			.tag("messaging.consumer.group.name", listenerId)
			.tag("messaging.operation.name", "receive")
			.register(this.registry)
			.increment();
		Timer.builder(DURATION)
			.description("Time Ferry listeners spent on a message or batch")
			.tag("messaging.system", system)
			.tag("messaging.destination.name", message.destination())
			.tag("messaging.consumer.group.name", listenerId)
			.tag("messaging.operation.name", "process")
			.tag("ferry.outcome", name)
			.tag("error.type", errorType)
			.serviceLevelObjectives(BUCKETS)
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

}
