package dev.ferry.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the requests a client puts on the wire, per operation. Counted before transmission, so an
 * SDK retry counts again and a long poll cancelled on the way counts once: both are billed.
 */
public final class RequestCounter implements ExecutionInterceptor {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	/** When each ReceiveMessage left, to measure the polling interval of an idle listener. */
	private final java.util.Queue<Long> receives = new java.util.concurrent.ConcurrentLinkedQueue<>();

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
		this.counts.computeIfAbsent(operation == null ? "?" : operation, key -> new LongAdder()).increment();
		if ("ReceiveMessage".equals(operation)) {
			this.receives.add(System.nanoTime());
		}
	}

	/** Requests per operation since the last reset, sorted by name. */
	public Map<String, Long> snapshot() {
		Map<String, Long> copy = new TreeMap<>();
		this.counts.forEach((operation, count) -> copy.put(operation, count.sum()));
		return copy;
	}

	public long total() {
		return this.counts.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/**
	 * ReceiveMessage requests per hour from the spacing of those counted: (n - 1) over the time from
	 * the first to the last; NaN with fewer than two.
	 */
	public double receivesPerHour() {
		List<Long> times = new ArrayList<>(this.receives);
		if (times.size() < 2) {
			return Double.NaN;
		}
		return (times.size() - 1) / ((times.get(times.size() - 1) - times.get(0)) / 3.6e12);
	}

	public void reset() {
		this.counts.clear();
		this.receives.clear();
	}

}
