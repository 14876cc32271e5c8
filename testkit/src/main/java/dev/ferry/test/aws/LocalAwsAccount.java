package dev.ferry.test.aws;

/**
 * Fixed identity of the local stand-ins: one account, one region, static credentials.
 *
 * <p>The values are placeholders that no real AWS account uses; they only have to be consistent
 * between the stand-ins, ElasticMQ and the SDK clients that talk to them.
 */
public final class LocalAwsAccount {

	/** Account id in every ARN the stand-ins produce. */
	public static final String ACCOUNT_ID = "000000000000";

	/** Region of every stand-in and of the ARNs they produce. */
	public static final String REGION = "us-east-1";

	/** Static access key id accepted (and not checked) by the stand-ins. */
	public static final String ACCESS_KEY_ID = "ferry-local";

	/** Static secret access key accepted (and not checked) by the stand-ins. */
	public static final String SECRET_ACCESS_KEY = "ferry-local";

	private LocalAwsAccount() {
	}

	/**
	 * Builds an ARN in the local account and region.
	 * @param service the service part, e.g. {@code sns}
	 * @param resource the resource part, e.g. a topic name
	 * @return {@code arn:aws:<service>:us-east-1:000000000000:<resource>}
	 */
	public static String arn(String service, String resource) {
		return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT_ID + ":" + resource;
	}

}
