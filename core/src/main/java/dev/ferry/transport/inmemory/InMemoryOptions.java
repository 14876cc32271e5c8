package dev.ferry.transport.inmemory;

import dev.ferry.core.FerryConfigurationException;

/**
 * Settings of the in-memory transport.
 *
 * @param maxMessageBytes largest message accepted (body plus header names and values)
 * @param maxBatchSize most messages one receive returns
 */
public record InMemoryOptions(long maxMessageBytes, int maxBatchSize) {

	/** Same default limit as SQS (1 MiB), so tests on memory catch what SQS would refuse. */
	public static final long DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;

	public InMemoryOptions {
		if (maxMessageBytes < 1) {
			throw new FerryConfigurationException("in-memory maxMessageBytes must be positive, was " + maxMessageBytes);
		}
		if (maxBatchSize < 1) {
			throw new FerryConfigurationException("in-memory maxBatchSize must be positive, was " + maxBatchSize);
		}
	}

	public static InMemoryOptions defaults() {
		return new InMemoryOptions(DEFAULT_MAX_MESSAGE_BYTES, 10);
	}

}
