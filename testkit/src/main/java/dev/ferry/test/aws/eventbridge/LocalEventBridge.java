package dev.ferry.test.aws.eventbridge;

import java.net.URI;

import dev.ferry.test.aws.LocalAwsOptions;
import dev.ferry.test.aws.SqsQueues;

/** Placeholder, replaced below. */
public final class LocalEventBridge implements AutoCloseable {

	public static LocalEventBridge start(SqsQueues queues, LocalAwsOptions options) {
		return new LocalEventBridge();
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:1");
	}

	@Override
	public void close() {
	}

}
