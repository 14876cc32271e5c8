package dev.ferry.transport.sqs;

import java.util.Optional;

/**
 * What hardening needs to know about the KMS key behind an encrypted queue, without KMS types, so
 * that the SQS adapter works where the KMS client is absent. {@link KmsKeyLookup} asks KMS.
 *
 * <p>Both methods throw {@link RuntimeException} when KMS cannot be asked (no permission, no
 * network): hardening then reports what it could not verify instead of passing silently.
 */
public interface SqsKeyLookup {

	/** The key that {@code keyId} (key id, key ARN, alias name or alias ARN) names; empty when none. */
	Optional<Key> describe(String keyId);

	/** The key's {@code default} key policy document (JSON). */
	String keyPolicy(String keyId);

	/**
	 * @param keyId the key's id (aliases resolved)
	 * @param awsManaged whether AWS manages the key ({@code KeyManager=AWS}): its policy cannot be changed
	 * @param state the key state as KMS names it ({@code Enabled}, {@code Disabled}, {@code PendingDeletion}, ...)
	 */
	record Key(String keyId, boolean awsManaged, String state) {

		public boolean enabled() {
			return "Enabled".equals(this.state);
		}

	}

}
