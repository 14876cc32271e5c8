package dev.ferry.test.aws.sns;

/**
 * An SNS error response: the error code the SDK maps to its exception type (for example
 * {@code NotFound} to {@code NotFoundException}), the HTTP status and the message.
 */
final class SnsFault extends RuntimeException {

	/** Code of errors for features the stand-in does not implement. */
	static final String UNSUPPORTED = "FerryLocalUnsupported";

	private final String code;

	private final int status;

	SnsFault(String code, int status, String message) {
		super(message);
		this.code = code;
		this.status = status;
	}

	static SnsFault notFound(String message) {
		return new SnsFault("NotFound", 404, message);
	}

	static SnsFault invalidParameter(String message) {
		return new SnsFault("InvalidParameter", 400, "Invalid parameter: " + message);
	}

	static SnsFault unsupported(String what) {
		return new SnsFault(UNSUPPORTED, 400, "The Ferry local SNS stand-in does not support " + what);
	}

	String code() {
		return this.code;
	}

	int status() {
		return this.status;
	}

	boolean senderFault() {
		return this.status < 500;
	}

}
