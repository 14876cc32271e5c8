package dev.ferry.benchmarks.sqs;

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
final class RequestCounter implements ExecutionInterceptor {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
		this.counts.computeIfAbsent(operation == null ? "?" : operation, key -> new LongAdder()).increment();
	}

	/** Requests per operation since the last reset, sorted by name. */
	Map<String, Long> snapshot() {
		Map<String, Long> copy = new TreeMap<>();
		this.counts.forEach((operation, count) -> copy.put(operation, count.sum()));
		return copy;
	}

	long total() {
		return this.counts.values().stream().mapToLong(LongAdder::sum).sum();
	}

	void reset() {
		this.counts.clear();
	}

}
