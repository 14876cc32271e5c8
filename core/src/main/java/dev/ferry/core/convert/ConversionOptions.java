package dev.ferry.core.convert;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import dev.ferry.core.FerryConfigurationException;

/**
 * Limits and trust of {@link JacksonPayloadConverter}. Immutable; {@link #builder()} validates every
 * value and names the offending {@code ferry.conversion.*} or {@code ferry.logging.*} property.
 *
 * <p>The read limits are Jackson's stream-read constraints: a body beyond one of them is a
 * {@link DeserializationException} (dead-lettered, never retried) before it can exhaust the stack
 * or the heap.
 *
 * @param trustedTypes which classes a type header may select
 * @param maxNestingDepth deepest nesting of JSON objects and arrays
 * @param maxDocumentBytes largest body read as JSON, in bytes
 * @param maxStringLength longest JSON string value, in characters
 * @param maxNumberLength longest JSON number, in characters
 * @param logPayloads whether payloads (capped at {@code payloadLogMaxChars}) appear in DEBUG logs
 * and in the reasons of payloads that could not be read; off by default
 * @param payloadLogMaxChars most characters of a payload shown when {@code logPayloads} is on
 */
public record ConversionOptions(TrustedTypes trustedTypes, int maxNestingDepth, long maxDocumentBytes,
		int maxStringLength, int maxNumberLength, boolean logPayloads, int payloadLogMaxChars) {

	/**
	 * Far deeper than message schemas nest, and shallow enough that reading never comes near a
	 * thread's stack limit (Jackson's own default is 500).
	 */
	public static final int DEFAULT_MAX_NESTING_DEPTH = 100;

	/**
	 * 10 MiB: the largest record Kinesis Data Streams accepts (per-stream MaxRecordSizeInKiB up to
	 * 10 MiB, https://docs.aws.amazon.com/streams/latest/dev/large-records.html), ten times the SQS,
	 * SNS and Kafka default message sizes.
	 */
	public static final long DEFAULT_MAX_DOCUMENT_BYTES = 10L * 1024 * 1024;

	/**
	 * 1 Mi characters: any string an SQS message (1 MiB,
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html)
	 * or a default Kafka record can carry. Jackson's own default is 100 million.
	 */
	public static final int DEFAULT_MAX_STRING_LENGTH = 1024 * 1024;

	/** Jackson's default: long enough for any real number, short enough to parse in linear time. */
	public static final int DEFAULT_MAX_NUMBER_LENGTH = 1000;

	/** Default cap of a payload shown in logs. */
	public static final int DEFAULT_PAYLOAD_LOG_MAX_CHARS = 1000;

	public ConversionOptions {
		Objects.requireNonNull(trustedTypes, "trustedTypes");
		if (maxNestingDepth < 1) {
			throw invalid("ferry.conversion.max-nesting-depth", "must be at least 1, was " + maxNestingDepth);
		}
		if (maxDocumentBytes < 1) {
			throw invalid("ferry.conversion.max-document-size", "must be at least 1 byte, was " + maxDocumentBytes);
		}
		if (maxStringLength < 1) {
			throw invalid("ferry.conversion.max-string-length", "must be at least 1, was " + maxStringLength);
		}
		if (maxNumberLength < 1) {
			throw invalid("ferry.conversion.max-number-length", "must be at least 1, was " + maxNumberLength);
		}
		if (payloadLogMaxChars < 0) {
			throw invalid("ferry.logging.payload-max-chars", "must not be negative, was " + payloadLogMaxChars);
		}
	}

	/** The defaults: declared types trusted, the limits above, payloads never logged. */
	public static ConversionOptions defaults() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	private static FerryConfigurationException invalid(String property, String problem) {
		return new FerryConfigurationException("Invalid " + property + ": " + problem);
	}

	/** Builder of {@link ConversionOptions}; not thread-safe. */
	public static final class Builder {

		private Collection<String> trustedPackages = List.of();

		private int maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH;

		private long maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;

		private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;

		private int maxNumberLength = DEFAULT_MAX_NUMBER_LENGTH;

		private boolean logPayloads;

		private int payloadLogMaxChars = DEFAULT_PAYLOAD_LOG_MAX_CHARS;

		private Builder() {
		}

		/** Packages trusted besides the listeners' declared types; see {@link TrustedTypes}. */
		public Builder trustedPackages(Collection<String> trustedPackages) {
			this.trustedPackages = List.copyOf(trustedPackages);
			return this;
		}

		public Builder maxNestingDepth(int maxNestingDepth) {
			this.maxNestingDepth = maxNestingDepth;
			return this;
		}

		public Builder maxDocumentBytes(long maxDocumentBytes) {
			this.maxDocumentBytes = maxDocumentBytes;
			return this;
		}

		public Builder maxStringLength(int maxStringLength) {
			this.maxStringLength = maxStringLength;
			return this;
		}

		public Builder maxNumberLength(int maxNumberLength) {
			this.maxNumberLength = maxNumberLength;
			return this;
		}

		public Builder logPayloads(boolean logPayloads) {
			this.logPayloads = logPayloads;
			return this;
		}

		public Builder payloadLogMaxChars(int payloadLogMaxChars) {
			this.payloadLogMaxChars = payloadLogMaxChars;
			return this;
		}

		public ConversionOptions build() {
			return new ConversionOptions(TrustedTypes.of(this.trustedPackages), this.maxNestingDepth,
					this.maxDocumentBytes, this.maxStringLength, this.maxNumberLength, this.logPayloads,
					this.payloadLogMaxChars);
		}

	}

}
