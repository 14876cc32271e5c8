package dev.ferry.autoconfigure;

import java.util.concurrent.TimeUnit;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.engine.ConsumeObserver;
import dev.ferry.core.message.InboundMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records every consume outcome in Micrometer: the counter {@value #OUTCOMES} and the timer
 * {@value #DURATION}, both tagged {@code listener}, {@code destination} and {@code outcome}
 * ({@code ack}, {@code duplicate}, {@code retry}, {@code reject}).
 */
public final class MicrometerConsumeObserver implements ConsumeObserver {

	/** Counter of outcomes. */
	public static final String OUTCOMES = "ferry.consume.outcomes";

	/** Timer of time spent in the pipeline per message (per batch for batch listeners). */
	public static final String DURATION = "ferry.consume.duration";

	private final MeterRegistry registry;

	public MicrometerConsumeObserver(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onOutcome(String listenerId, InboundMessage message, Outcome outcome, long nanos) {
		String name;
		if (outcome instanceof Outcome.Ack ack) {
			name = ack.duplicate() ? "duplicate" : "ack";
		}
		else if (outcome instanceof Outcome.Retry) {
			name = "retry";
		}
		else {
			name = "reject";
		}
		Counter.builder(OUTCOMES)
			.description("Messages consumed by Ferry listeners, by outcome")
			.tag("listener", listenerId)
			.tag("destination", message.destination())
			.tag("outcome", name)
			.register(this.registry)
			.increment();
		Timer.builder(DURATION)
			.description("Time Ferry listeners spent on a message or batch")
			.tag("listener", listenerId)
			.tag("destination", message.destination())
			.tag("outcome", name)
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

}
