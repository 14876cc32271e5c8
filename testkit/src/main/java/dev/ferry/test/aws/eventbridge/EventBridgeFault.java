package dev.ferry.test.aws.eventbridge;

/**
 * An EventBridge error response of the AWS JSON protocol: {@code __type} is the error code the SDK
 * maps to its exception type (for example {@code ResourceNotFoundException}).
 */
final class EventBridgeFault extends RuntimeException {

	/** Code of errors for features the stand-in does not implement. */
	static final String UNSUPPORTED = "FerryLocalUnsupported";

	private final String type;

	private final int status;

	EventBridgeFault(String type, int status, String message) {
		super(message);
		this.type = type;
		this.status = status;
	}

	static EventBridgeFault notFound(String message) {
		return new EventBridgeFault("ResourceNotFoundException", 400, message);
	}

	static EventBridgeFault validation(String message) {
		return new EventBridgeFault("ValidationException", 400, message);
	}

	static EventBridgeFault unsupported(String what) {
		return new EventBridgeFault(UNSUPPORTED, 400, "The Ferry local EventBridge stand-in does not support " + what);
	}

	String type() {
		return this.type;
	}

	int status() {
		return this.status;
	}

}
