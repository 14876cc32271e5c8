package dev.ferry.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import dev.ferry.core.publish.BatchPublishResult;
import dev.ferry.core.publish.MessagePublisher;
import dev.ferry.core.publish.PublishEntryResult;
import dev.ferry.core.publish.PublishException;
import dev.ferry.core.publish.PublishReceipt;
import dev.ferry.core.message.OutboundMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts and times what the application publishes, with OpenTelemetry's messaging metric names:
 * {@value #SENT} (one per message, {@code error.type} = the failure's error code or {@code none})
 * and {@value #DURATION} (one per call and destination). Delegates everything else.
 */
public final class MeteredMessagePublisher implements MessagePublisher {

	public static final String SENT = "messaging.client.sent.messages";

	public static final String DURATION = "messaging.client.operation.duration";

	private final MessagePublisher delegate;

	private final MeterRegistry registry;

	private final Function<String, String> systemOf;

	public MeteredMessagePublisher(MessagePublisher delegate, MeterRegistry registry, Function<String, String> systemOf) {
		this.delegate = delegate;
		this.registry = registry;
		this.systemOf = systemOf;
	}

	@Override
	public PublishReceipt publish(OutboundMessage message) {
		long started = System.nanoTime();
		try {
			PublishReceipt receipt = this.delegate.publish(message);
			record(message.destination(), "none", started, 1);
			return receipt;
		}
		catch (PublishException ex) {
			record(message.destination(), ex.errorCode(), started, 1);
			throw ex;
		}
	}

	@Override
	public CompletableFuture<PublishReceipt> publishAsync(OutboundMessage message) {
		long started = System.nanoTime();
		return this.delegate.publishAsync(message).whenComplete((receipt, error) -> {
			Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
			String errorType = cause == null ? "none"
					: cause instanceof PublishException publish ? publish.errorCode() : cause.getClass().getSimpleName();
			record(message.destination(), errorType, started, 1);
		});
	}

	@Override
	public BatchPublishResult publishAll(List<OutboundMessage> messages) {
		long started = System.nanoTime();
		BatchPublishResult result = this.delegate.publishAll(messages);
		long elapsed = System.nanoTime() - started;
		Set<String> destinations = new LinkedHashSet<>();
		for (int i = 0; i < result.entries().size(); i++) {
			PublishEntryResult entry = result.entries().get(i);
			String destination = messages.get(i).destination();
			destinations.add(destination);
			counter(destination, entry.succeeded() ? "none" : entry.failure().errorCode()).increment();
		}
		for (String destination : destinations) {
			timer(destination).record(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS);
		}
		return result;
	}

	private void record(String destination, String errorType, long started, int count) {
		counter(destination, errorType).increment(count);
		timer(destination).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	private Counter counter(String destination, String errorType) {
		return Counter.builder(SENT)
			.description("Messages Ferry was asked to publish, by destination and error type")
			.tag("messaging.system", this.systemOf.apply(destination))
			.tag("messaging.destination.name", destination)
			.tag("messaging.operation.name", "send")
			.tag("error.type", errorType)
			.register(this.registry);
	}

	private Timer timer(String destination) {
		return Timer.builder(DURATION)
			.description("Time of Ferry publish calls")
			.tag("messaging.system", this.systemOf.apply(destination))
			.tag("messaging.destination.name", destination)
			.tag("messaging.operation.name", "send")
			.serviceLevelObjectives(MicrometerConsumeObserver.BUCKETS)
			.register(this.registry);
	}

}
