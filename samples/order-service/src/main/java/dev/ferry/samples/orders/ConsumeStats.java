package dev.ferry.samples.orders;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.engine.ConsumeObserver;
import dev.ferry.core.message.InboundMessage;
import org.springframework.stereotype.Component;

/**
 * Counts consume outcomes per listener ({@code orders.on:duplicate = 1}). A {@link ConsumeObserver}
 * bean is picked up by Ferry's auto-configuration; with Micrometer on the classpath the same
 * numbers are also in the {@code messaging.process.duration} timer (tag {@code ferry.outcome}).
 */
@Component
public class ConsumeStats implements ConsumeObserver {

	private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	@Override
	public void onOutcome(String listenerId, InboundMessage message, Outcome outcome, long nanos) {
		String name = outcome instanceof Outcome.Ack ack ? (ack.duplicate() ? "duplicate" : "ack")
				: outcome instanceof Outcome.Retry ? "retry" : "reject";
		this.counts.computeIfAbsent(listenerId + ":" + name, key -> new AtomicLong()).incrementAndGet();
	}

	public Map<String, Long> snapshot() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.counts.forEach((key, count) -> snapshot.put(key, count.get()));
		return snapshot;
	}

}
