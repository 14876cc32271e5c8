package dev.ferry.transport.sqs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records every request an SDK client sends, so that tests assert what went on the wire. */
final class RecordingInterceptor implements ExecutionInterceptor {

	private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
		this.requests.add(context.request());
	}

	/** The requests of one type sent so far, in order (retries of one call count each). */
	<T extends SdkRequest> List<T> requests(Class<T> type) {
		return this.requests.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
