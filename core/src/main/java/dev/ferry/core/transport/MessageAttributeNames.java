package dev.ferry.core.transport;

/**
 * The naming rule of SQS and SNS message attributes, shared by both adapters (which may not depend
 * on each other): 1 to 256 letters, digits, {@code _}, {@code -} and {@code .}, no {@code .} first,
 * last or twice in a row, and not starting with {@code AWS.} or {@code Amazon.} in any case.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
 * https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html
 */
public final class MessageAttributeNames {

	/** Longest attribute name. */
	public static final int MAX_LENGTH = 256;

	private MessageAttributeNames() {
	}

	/**
	 * Whether SQS and SNS accept {@code name} as a message attribute name. A loop rather than a
	 * regular expression: it runs for every header of every published message.
	 */
	public static boolean isValid(String name) {
		int length = name.length();
		if (length == 0 || length > MAX_LENGTH || name.charAt(0) == '.' || name.charAt(length - 1) == '.') {
			return false;
		}
		char previous = 0;
		for (int i = 0; i < length; i++) {
			char c = name.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
					|| c == '-' || c == '.';
			if (!allowed || (c == '.' && previous == '.')) {
				return false;
			}
			previous = c;
		}
		return !name.regionMatches(true, 0, "aws.", 0, 4) && !name.regionMatches(true, 0, "amazon.", 0, 7);
	}

}
