package dev.ferry.core.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.ferry.core.deadletter.DeadLetterInfo;

import org.jspecify.annotations.Nullable;

/**
 * What should happen to one received message; the one contract every transport maps to its
 * native mechanism:
 *
 * <table>
 * <tr><th>outcome</th><th>SQS</th><th>Kafka</th><th>in-memory</th></tr>
 * <tr><td>{@link Ack}</td><td>delete</td><td>commit offset</td><td>remove</td></tr>
 * <tr><td>{@link Retry}</td><td>change visibility to the delay</td><td>seek back, back off</td><td>redeliver after the delay</td></tr>
 * <tr><td>{@link Reject}</td><td>send to the DLQ with the reason, delete</td><td>publish to the dead-letter topic, commit</td><td>move to the dead-letter queue</td></tr>
 * </table>
 */
public sealed interface Outcome {

	Ack ACK = new Ack(false);

	static Ack ack() {
		return ACK;
	}

	static Retry retry(Duration delay, @Nullable Throwable cause) {
		return new Retry(delay, cause);
	}

	static Reject reject(String errorCode, String reason, @Nullable Throwable cause) {
		return new Reject(errorCode, reason, cause);
	}

	/**
	 * Done with the message.
	 * @param duplicate whether it was suppressed as a duplicate rather than handled
	 */
	record Ack(boolean duplicate) implements Outcome {
	}

	/**
	 * Deliver the message again, not before {@code delay}.
	 * @param cause why, when it failed
	 */
	record Retry(Duration delay, @Nullable Throwable cause) implements Outcome {

		public Retry {
			Objects.requireNonNull(delay, "delay");
		}

	}

	/**
	 * Give up on the message: it goes to the dead-letter path with the reason attached.
	 * @param errorCode a {@link dev.ferry.core.deadletter.DeadLetterInfo} code
	 * @param reason readable reason
	 * @param cause the exception that caused it, if any
	 */
	record Reject(String errorCode, String reason, @Nullable Throwable cause) implements Outcome {

		/**
		 * What a transport attaches when it dead-letters a message for this reject: the one place a
		 * {@link DeadLetterInfo} is made from a reject, so every transport reports the same fields.
		 * @param source the resource the message was received from (queue ARN, topic, ...)
		 * @param originalMessageId Ferry's id of the message
		 * @param attempts deliveries made, 0 when unknown
		 * @param failedAt when it was given up
		 * @param details transport details (SQS message id, partition and offset, ...)
		 */
		public DeadLetterInfo toDeadLetterInfo(@Nullable String source, @Nullable String originalMessageId,
				int attempts, Instant failedAt, Map<String, String> details) {
			Throwable failure = this.cause;
			return new DeadLetterInfo(this.reason, this.errorCode, failure != null ? failure.getClass().getName() : null,
					failure != null ? failure.getMessage() : null, source, originalMessageId, attempts, failedAt,
					details);
		}

	}

}
