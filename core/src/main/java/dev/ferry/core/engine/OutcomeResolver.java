package dev.ferry.core.engine;

import dev.ferry.core.consume.ErrorClassifier;
import dev.ferry.core.consume.Outcome;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.convert.DeserializationException;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.message.InboundMessage;

/**
 * Turns a handler failure into an outcome: non-retryable failures are rejected at once, retryable
 * ones are retried with the policy's back-off until the attempts run out, then rejected.
 */
final class OutcomeResolver {

	private final ErrorClassifier classifier;

	private final RetryPolicy retry;

	OutcomeResolver(ErrorClassifier classifier, RetryPolicy retry) {
		this.classifier = classifier;
		this.retry = retry;
	}

	Outcome onFailure(InboundMessage message, Throwable failure) {
		if (failure instanceof DeserializationException) {
			return Outcome.reject(DeadLetterInfo.DESERIALIZATION, "payload could not be read: " + failure.getMessage(),
					failure);
		}
		if (!this.classifier.isRetryable(failure)) {
			return Outcome.reject(DeadLetterInfo.NON_RETRYABLE, "non-retryable failure: " + failure, failure);
		}
		if (!this.retry.canRetryAfter(message.attempt())) {
			return Outcome.reject(DeadLetterInfo.RETRIES_EXHAUSTED,
					"retries exhausted after " + message.attempt() + " attempts: " + failure, failure);
		}
		return Outcome.retry(this.retry.delayAfter(message.attempt()), failure);
	}

}
