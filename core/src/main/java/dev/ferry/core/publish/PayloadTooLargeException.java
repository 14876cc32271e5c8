package dev.ferry.core.publish;

/** A message is larger than its destination accepts; it was not sent. */
public class PayloadTooLargeException extends PublishException {

	public static final String CODE = "PayloadTooLarge";

	private final long size;

	private final long limit;

	public PayloadTooLargeException(String destination, String transport, long size, long limit) {
		super("Message for destination '" + destination + "' (" + transport + ") is " + size + " bytes; the limit is "
				+ limit + " bytes. Send a smaller payload or a reference to it (for example an S3 key), or raise "
				+ "ferry.destinations." + destination + ".max-message-size if the resource allows it", destination, CODE,
				false, null);
		this.size = size;
		this.limit = limit;
	}

	public long size() {
		return this.size;
	}

	public long limit() {
		return this.limit;
	}

}
