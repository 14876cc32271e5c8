package dev.ferry.core.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.message.InboundMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoding stage in front of Ferry's pipeline for messages read from a queue that another
 * transport published to: the publishing transport's {@link EnvelopeReader}, then its
 * {@link DeadLetterReader} where the queue transport found no dead-letter information. Queue
 * transports apply it in their receiver with {@link #process}, so the message ids they use to
 * acknowledge and dead-letter are the decoded ones. {@link #none()} reads messages as delivered.
 */
public final class InboundDecoding {

	private static final Logger logger = LoggerFactory.getLogger(InboundDecoding.class);

	private static final InboundDecoding NONE = new InboundDecoding(EnvelopeReader.NONE, DeadLetterReader.NONE);

	private final EnvelopeReader envelope;

	private final DeadLetterReader deadLetters;

	private InboundDecoding(EnvelopeReader envelope, DeadLetterReader deadLetters) {
		this.envelope = Objects.requireNonNull(envelope, "envelope");
		this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
	}

	public static InboundDecoding none() {
		return NONE;
	}

	public static InboundDecoding of(EnvelopeReader envelope, DeadLetterReader deadLetters) {
		return new InboundDecoding(envelope, deadLetters);
	}

	public boolean isNone() {
		return this == NONE;
	}

	/**
	 * Decodes one delivery.
	 * @return the decoded message, or an {@link Decoded#unreadable() unreadable} result carrying
	 * the reject to apply to the delivery
	 */
	public Decoded decode(InboundMessage delivered) {
		if (this == NONE) {
			return new Decoded(delivered, null);
		}
		InboundMessage read;
		try {
			read = this.envelope.read(delivered);
		}
		catch (RuntimeException ex) {
			logger.warn("{} could not be read from its envelope; dead-lettering it: {}", delivered.reference(),
					ex.getMessage());
			return new Decoded(delivered, Outcome.reject(DeadLetterInfo.DESERIALIZATION,
					"unreadable envelope: " + ex.getMessage(), ex));
		}
		if (read.deadLetter() == null) {
			DeadLetterInfo info = this.deadLetters.read(delivered, read);
			if (info != null) {
				read = read.withDeadLetter(info);
			}
		}
		return new Decoded(read, null);
	}

	/**
	 * Decodes a batch, hands the readable messages to the processor in their order, and returns one
	 * outcome per delivery (a reject for each unreadable one) with the messages as decoded.
	 * Exceptions of the processor pass through.
	 */
	public Processed process(List<InboundMessage> delivered, InboundProcessor processor) {
		if (this == NONE) {
			return new Processed(delivered, processor.process(delivered));
		}
		List<InboundMessage> messages = new ArrayList<>(delivered.size());
		List<InboundMessage> readable = new ArrayList<>(delivered.size());
		Outcome[] outcomes = new Outcome[delivered.size()];
		for (int i = 0; i < delivered.size(); i++) {
			Decoded decoded = decode(delivered.get(i));
			messages.add(decoded.message());
			if (decoded.reject() != null) {
				outcomes[i] = decoded.reject();
			}
			else {
				readable.add(decoded.message());
			}
		}
		List<Outcome> processed = readable.isEmpty() ? List.of() : processor.process(readable);
		if (processed.size() != readable.size()) {
			throw new IllegalStateException(
					"processor returned " + processed.size() + " outcomes for " + readable.size() + " messages");
		}
		int next = 0;
		for (int i = 0; i < outcomes.length; i++) {
			if (outcomes[i] == null) {
				outcomes[i] = processed.get(next++);
			}
		}
		return new Processed(messages, List.of(outcomes));
	}

	/**
	 * One decoded delivery.
	 * @param message the decoded message, or the delivery as it came when it is unreadable
	 * @param reject what to do with an unreadable delivery; null when readable
	 */
	public record Decoded(InboundMessage message, Outcome.@Nullable Reject reject) {

		public boolean unreadable() {
			return this.reject != null;
		}

	}

	/**
	 * A processed batch.
	 * @param messages the messages as decoded, in delivery order
	 * @param outcomes one outcome per message, in the same order
	 */
	public record Processed(List<InboundMessage> messages, List<Outcome> outcomes) {
	}

}
