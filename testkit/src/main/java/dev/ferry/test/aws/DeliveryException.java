package dev.ferry.test.aws;

/**
 * A delivery from a stand-in to its endpoint failed. Carries the error code the stand-in reports
 * (for example in an EventBridge dead-letter message) and whether AWS would retry it: documented
 * client-side failures (endpoint deleted, missing permission) are not retried.
 */
public final class DeliveryException extends RuntimeException {

	private final String errorCode;

	private final boolean retryable;

	/**
	 * @param errorCode the error code reported for the failure
	 * @param message what went wrong
	 * @param retryable whether the failure is a server-side one that AWS retries
	 */
	public DeliveryException(String errorCode, String message, boolean retryable) {
		super(message);
		this.errorCode = errorCode;
		this.retryable = retryable;
	}

	/** @return the error code reported for the failure */
	public String errorCode() {
		return this.errorCode;
	}

	/** @return whether AWS would retry the delivery */
	public boolean retryable() {
		return this.retryable;
	}

}
