package dev.ferry.transport.sqs;

import java.util.Objects;
import java.util.Optional;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * {@link SqsKeyLookup} through the KMS SDK client ({@code DescribeKey}, {@code GetKeyPolicy}). Only
 * built where the optional {@code software.amazon.awssdk:kms} module is present.
 */
public final class KmsKeyLookup implements SqsKeyLookup {

	private final KmsClient kms;

	public KmsKeyLookup(KmsClient kms) {
		this.kms = Objects.requireNonNull(kms, "kms");
	}

	@Override
	public Optional<Key> describe(String keyId) {
		try {
			KeyMetadata metadata = this.kms.describeKey(request -> request.keyId(keyId)).keyMetadata();
			return Optional.of(new Key(metadata.keyId(), metadata.keyManager() == KeyManagerType.AWS,
					metadata.keyStateAsString()));
		}
		catch (NotFoundException ex) {
			return Optional.empty();
		}
	}

	@Override
	public String keyPolicy(String keyId) {
		return this.kms.getKeyPolicy(request -> request.keyId(keyId).policyName("default")).policy();
	}

}
