package dev.ferry.transport.kinesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.hardening.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * Start-up checks of the streams behind Kinesis destinations and of their listeners' lease tables.
 * Rules:
 * <ul>
 * <li>{@code KINESIS-KMS-001} (warning): stream not encrypted, or encrypted with the AWS-managed key
 * {@code alias/aws/kinesis} rather than a customer-managed KMS key.</li>
 * <li>{@code KINESIS-RETENTION-001} (warning): retention under 24 h, or not longer than the
 * destination's longest retry window (a record retried in place holds back its shard; the records
 * behind it must outlive the retries).</li>
 * <li>{@code KINESIS-DLQ-001} (warning): a consumed destination without a dead-letter destination
 * (Kinesis has none of its own: a poison record would be retried for ever).</li>
 * <li>{@code KINESIS-LEASE-001} (info): lease table without point-in-time recovery or deletion
 * protection (losing it loses every checkpoint).</li>
 * </ul>
 */
public final class KinesisHardeningInspector implements HardeningInspector {

	private static final Logger logger = LoggerFactory.getLogger(KinesisHardeningInspector.class);

	static final String ENCRYPTION_DOC = "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html";

	static final String RETENTION_DOC = "https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html";

	static final String ON_FAILURE_DOC = "https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html";

	static final String LEASE_TABLE_DOC = "https://docs.aws.amazon.com/streams/latest/dev/kcl-dynamoDB.html";

	private final KinesisTransport transport;

	KinesisHardeningInspector(KinesisTransport transport) {
		this.transport = transport;
	}

	/** Every rule this inspector reports, so suppressions can name them. */
	@Override
	public Set<String> ruleIds() {
		return Set.of("KINESIS-DLQ-001", "KINESIS-KMS-001", "KINESIS-LEASE-001", "KINESIS-RETENTION-001");
	}

	@Override
	public String name() {
		return KinesisTransport.NAME;
	}

	@Override
	public List<Finding> inspect(Collection<Destination> destinations) {
		List<Finding> findings = new ArrayList<>();
		for (Destination destination : destinations) {
			StreamDescriptionSummary summary = this.transport.describe(destination.resource());
			if (summary == null) {
				continue;
			}
			String resource = summary.streamARN();
			if (summary.encryptionType() != EncryptionType.KMS || summary.keyId() == null
					|| summary.keyId().endsWith(KinesisLimits.AWS_MANAGED_KEY_ALIAS)) {
				findings.add(new Finding("KINESIS-KMS-001", Severity.WARNING, resource,
						summary.encryptionType() != EncryptionType.KMS ? "stream is not encrypted at rest"
								: "stream is encrypted with the AWS-managed key " + KinesisLimits.AWS_MANAGED_KEY_ALIAS,
						"encrypt it with a customer-managed KMS key (StartStreamEncryption, or "
								+ destination.configPrefix() + ".properties.kms-key-id with ferry.provision=true)",
						ENCRYPTION_DOC));
			}
			Duration retention = Duration.ofHours(summary.retentionPeriodHours() != null ? summary.retentionPeriodHours() : 24);
			Duration window = retryWindow(destination.retry());
			if (retention.compareTo(KinesisLimits.MIN_RETENTION) < 0 || retention.compareTo(window) <= 0) {
				findings.add(new Finding("KINESIS-RETENTION-001", Severity.WARNING, resource,
						"retention of " + retention.toHours() + " h is not above 24 h and the longest retry window ("
								+ window + ") of " + destination.configPrefix(),
						"raise it with IncreaseStreamRetentionPeriod, or shorten the retry policy", RETENTION_DOC));
			}
		}
		Set<String> seenTables = new HashSet<>();
		for (KinesisReceiver receiver : this.transport.receivers()) {
			Destination destination = receiver.destination();
			if (destinations.stream().noneMatch(d -> d.name().equals(destination.name()))) {
				continue;
			}
			deadLetterRule(destination, findings);
			if (seenTables.add(receiver.leaseTable())) {
				leaseTableRule(receiver.leaseTable(), findings);
			}
		}
		return findings;
	}

	private void deadLetterRule(Destination destination, List<Finding> findings) {
		String problem = null;
		if (!destination.deadLetter().enabled()) {
			problem = "consumed destination has dead-lettering disabled: a poison record is retried for ever and blocks its shard";
		}
		else {
			try {
				KinesisAcknowledger.DeadLetterTarget target = this.transport.deadLetterTarget(destination);
				if (target != null && target.transport() == this.transport
						&& this.transport.describe(target.destination().resource()) == null) {
					problem = "dead-letter stream '" + target.destination().resource() + "' does not exist";
				}
			}
			catch (FerryConfigurationException ex) {
				problem = ex.getMessage();
			}
		}
		if (problem != null) {
			findings.add(new Finding("KINESIS-DLQ-001", Severity.WARNING, destination.resource(), problem,
					"give " + destination.configPrefix() + " a dead-letter destination (dead-letter.enabled=true, "
							+ "properties.dead-letter-transport sqs|sns|kinesis, dead-letter.resource)",
					ON_FAILURE_DOC));
		}
	}

	private void leaseTableRule(String table, List<Finding> findings) {
		try {
			TableDescription description = this.transport.dynamo()
				.describeTable(builder -> builder.tableName(table)).get().table();
			ContinuousBackupsDescription backups = this.transport.dynamo()
				.describeContinuousBackups(builder -> builder.tableName(table)).get().continuousBackupsDescription();
			boolean pitr = backups != null && backups.pointInTimeRecoveryDescription() != null
					&& backups.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
			boolean protectedTable = Boolean.TRUE.equals(description.deletionProtectionEnabled());
			if (!pitr || !protectedTable) {
				findings.add(new Finding("KINESIS-LEASE-001", Severity.INFO, description.tableArn(),
						"lease table has " + (pitr ? "" : "no point-in-time recovery")
								+ (!pitr && !protectedTable ? " and " : "") + (protectedTable ? "" : "no deletion protection")
								+ ": losing it loses every checkpoint",
						"enable point-in-time recovery and deletion protection (ferry.kinesis.lease-table-protection=true "
								+ "does so for tables Ferry creates)",
						LEASE_TABLE_DOC));
			}
		}
		catch (ExecutionException ex) {
			logger.debug("Lease table {} not inspected: {}", table, ex.getCause().toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Longest time one record can spend being retried: the sum of the policy's delays, without jitter. */
	static Duration retryWindow(RetryPolicy retry) {
		Duration total = Duration.ZERO;
		double delay = retry.initialDelay().toMillis();
		for (int attempt = 1; attempt < retry.maxAttempts(); attempt++) {
			total = total.plusMillis((long) Math.min(delay, retry.maxDelay().toMillis()));
			delay *= retry.multiplier();
		}
		return total;
	}

}
