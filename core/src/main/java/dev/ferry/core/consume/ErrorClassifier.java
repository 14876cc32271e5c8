package dev.ferry.core.consume;

/**
 * Decides whether a handler failure may succeed when tried again.
 */
@FunctionalInterface
public interface ErrorClassifier {

	/** Whether a failure with this exception is worth retrying. */
	boolean isRetryable(Throwable failure);

}
