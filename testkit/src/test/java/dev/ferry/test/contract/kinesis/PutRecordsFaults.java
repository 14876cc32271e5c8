package dev.ferry.test.contract.kinesis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.ferry.transport.kinesis.KinesisRecordFormat;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Injects per-record PutRecords failures the way Kinesis reports them: the chosen records are taken
 * out of the request (so they are really not written) and put back into the response as failed
 * entries with the given error code, at their positions. Records the test chooses are those whose
 * payload equals a registered text, for as many attempts as registered. Also records what each
 * request carried.
 */
final class PutRecordsFaults implements ExecutionInterceptor {

	/** Partition key of the stand-in record sent when every record of a request is to fail. */
	static final String FILLER_KEY = "ferry-test-filler";

	private static final ExecutionAttribute<List<Integer>> FAILED = new ExecutionAttribute<>("ferry.failed");

	private static final ExecutionAttribute<List<String>> PAYLOADS = new ExecutionAttribute<>("ferry.payloads");

	private static final ExecutionAttribute<Boolean> FILLER = new ExecutionAttribute<>("ferry.filler");

	private final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();

	private final Map<String, String> codes = new ConcurrentHashMap<>();

	/** Payloads of each request, in the order the requests were made. */
	final Queue<List<String>> requests = new ConcurrentLinkedQueue<>();

	/** Makes the record with this payload fail {@code times} times with {@code errorCode}. */
	PutRecordsFaults fail(String payload, int times, String errorCode) {
		this.failuresLeft.put(payload, times);
		this.codes.put(payload, errorCode);
		return this;
	}

	@Override
	public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
		if (!(context.request() instanceof PutRecordsRequest request)) {
			return context.request();
		}
		List<String> payloads = new ArrayList<>();
		List<PutRecordsRequestEntry> kept = new ArrayList<>();
		List<Integer> failed = new ArrayList<>();
		for (int i = 0; i < request.records().size(); i++) {
			PutRecordsRequestEntry entry = request.records().get(i);
			String payload = new String(KinesisRecordFormat.decode(entry.data().asByteArray()).payload(),
					StandardCharsets.UTF_8);
			payloads.add(payload);
			Integer left = this.failuresLeft.get(payload);
			if (left != null && left > 0) {
				this.failuresLeft.put(payload, left - 1);
				failed.add(i);
			}
			else {
				kept.add(entry);
			}
		}
		this.requests.add(payloads);
		attributes.putAttribute(PAYLOADS, payloads);
		attributes.putAttribute(FAILED, failed);
		boolean filler = kept.isEmpty();
		attributes.putAttribute(FILLER, filler);
		if (filler) {
			// PutRecords needs at least one record: send a stand-in whose result is dropped again.
			kept.add(PutRecordsRequestEntry.builder().partitionKey(FILLER_KEY).data(SdkBytes.fromUtf8String("filler")).build());
		}
		return request.toBuilder().records(kept).build();
	}

	@Override
	public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
		if (!(context.response() instanceof PutRecordsResponse response)) {
			return context.response();
		}
		List<Integer> failed = attributes.getAttribute(FAILED);
		List<String> payloads = attributes.getAttribute(PAYLOADS);
		List<PutRecordsResultEntry> real = Boolean.TRUE.equals(attributes.getAttribute(FILLER)) ? List.of()
				: response.records();
		List<PutRecordsResultEntry> results = new ArrayList<>();
		int next = 0;
		int failures = response.failedRecordCount() != null ? response.failedRecordCount() : 0;
		int total = real.size() + failed.size();
		for (int i = 0; i < total; i++) {
			if (failed.contains(i)) {
				String code = this.codes.getOrDefault(i < payloads.size() ? payloads.get(i) : "", "InternalFailure");
				results.add(PutRecordsResultEntry.builder().errorCode(code).errorMessage("injected " + code).build());
				failures++;
			}
			else {
				results.add(real.get(next++));
			}
		}
		return response.toBuilder().records(results).failedRecordCount(failures).build();
	}

}
