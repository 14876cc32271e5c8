package dev.ferry.transport.sqs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningInspector;
import dev.ferry.core.hardening.Severity;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the queues behind SQS destinations against Ferry's production rules. Reads only; a queue
 * that does not exist is {@link SqsTransport#prepare}'s concern, not a finding.
 *
 * <table>
 * <tr><th>id</th><th>rule</th></tr>
 * <tr><td>SQS-KMS-001</td><td>SSE with an enabled customer-managed KMS key (not SSE-SQS, not alias/aws/sqs,
 * not KeyManager=AWS; looked up with DescribeKey where a {@link SqsKeyLookup} is given)</td></tr>
 * <tr><td>SQS-KMS-002</td><td>a queue SNS or EventBridge delivers to: its key policy lets that service use the key</td></tr>
 * <tr><td>SQS-DLQ-001</td><td>a redrive policy (dead-letter queue) exists</td></tr>
 * <tr><td>SQS-DLQ-002</td><td>maxReceiveCount within the sane range of {@link SqsOptions}</td></tr>
 * <tr><td>SQS-DLQ-003</td><td>standard queue: dead-letter retention longer than the source's</td></tr>
 * <tr><td>SQS-DLQ-004</td><td>FIFO source: FIFO dead-letter queue</td></tr>
 * <tr><td>SQS-DLQ-005</td><td>the redrive target exists</td></tr>
 * <tr><td>SQS-VIS-001</td><td>visibility timeout at least the processing timeout plus margin</td></tr>
 * <tr><td>SQS-POL-001</td><td>policy statements granting a service principal carry aws:SourceArn and aws:SourceAccount
 * (a value of only "*" counts as none); no unconditioned sqs:SendMessage for Principal "*"</td></tr>
 * <tr><td>SQS-POLL-001</td><td>long polling on the queue (ReceiveMessageWaitTimeSeconds = 20)</td></tr>
 * </table>
 */
public final class SqsHardeningInspector implements HardeningInspector {

	static final String DOCS = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final SqsQueues queues;

	private final SqsOptions options;

	private final Function<Destination, Duration> processingTimeout;

	private final @Nullable SqsKeyLookup keys;

	SqsHardeningInspector(SqsQueues queues, SqsOptions options, Function<Destination, Duration> processingTimeout) {
		this(queues, options, processingTimeout, null);
	}

	SqsHardeningInspector(SqsQueues queues, SqsOptions options, Function<Destination, Duration> processingTimeout,
			@Nullable SqsKeyLookup keys) {
		this.queues = queues;
		this.options = options;
		this.processingTimeout = processingTimeout;
		this.keys = keys;
	}

	@Override
	public String name() {
		return SqsTransport.NAME;
	}

	/** The rules of the table above. */
	@Override
	public Set<String> ruleIds() {
		return Set.of("SQS-KMS-001", "SQS-KMS-002", "SQS-DLQ-001", "SQS-DLQ-002", "SQS-DLQ-003", "SQS-DLQ-004", "SQS-DLQ-005",
				"SQS-VIS-001", "SQS-POL-001", "SQS-POLL-001");
	}

	@Override
	public List<Finding> inspect(Collection<Destination> destinations) {
		Map<Destination, SqsQueue> found = new LinkedHashMap<>();
		Set<String> deadLetterArns = new HashSet<>();
		for (Destination destination : destinations) {
			SqsQueue queue = this.queues.findOrNull(destination.resource());
			if (queue != null) {
				found.put(destination, queue);
				if (queue.redrivePolicy() != null) {
					deadLetterArns.add(queue.redrivePolicy().deadLetterTargetArn());
				}
			}
		}
		List<Finding> findings = new ArrayList<>();
		found.forEach((destination, queue) -> {
			SqsQueue.RedrivePolicy redrive = queue.redrivePolicy();
			SqsQueue deadLetterQueue = redrive != null ? this.queues.findOrNull(redrive.deadLetterTargetArn()) : null;
			// A queue that is itself the dead-letter queue of another destination needs no dead-letter
			// queue of its own: nothing consumes it with retries that could cycle.
			boolean isDeadLetterQueue = deadLetterArns.contains(queue.arn());
			findings.addAll(check(queue, deadLetterQueue, this.processingTimeout.apply(destination), this.options, this.keys)
				.stream()
				.filter(finding -> !(isDeadLetterQueue && finding.id().startsWith("SQS-DLQ-")))
				.toList());
		});
		return findings;
	}

	/** The rules applied to one queue (and its dead-letter queue, when it has one that exists). */
	static List<Finding> check(SqsQueue queue, @Nullable SqsQueue deadLetterQueue, Duration processingTimeout,
			SqsOptions options) {
		return check(queue, deadLetterQueue, processingTimeout, options, null);
	}

	/**
	 * The rules applied to one queue; with {@code keys}, the encryption rules look the KMS key up
	 * ({@link SqsKeyRules}), without, they judge {@code KmsMasterKeyId} by name.
	 */
	static List<Finding> check(SqsQueue queue, @Nullable SqsQueue deadLetterQueue, Duration processingTimeout,
			SqsOptions options, @Nullable SqsKeyLookup keys) {
		List<Finding> findings = new ArrayList<>();
		String resource = queue.arn().isEmpty() ? queue.url() : queue.arn();
		findings.addAll(keys == null ? SqsKeyRules.byName(queue, resource) : SqsKeyRules.check(queue, resource, keys));
		findings.addAll(deadLetterRules(queue, deadLetterQueue, resource, options));
		Duration needed = processingTimeout.plus(options.visibilityMargin());
		if (queue.visibilityTimeout().compareTo(needed) < 0) {
			findings.add(new Finding("SQS-VIS-001", Severity.WARNING, resource,
					"Visibility timeout " + queue.visibilityTimeout().toSeconds() + " s is below the processing timeout "
							+ processingTimeout.toSeconds() + " s plus the " + options.visibilityMargin().toSeconds()
							+ " s margin: a slow message may be delivered to a second consumer",
					"Set VisibilityTimeout to at least " + needed.toSeconds() + " s",
					DOCS + "sqs-visibility-timeout.html"));
		}
		String policyProblem = servicePrincipalWithoutSource(queue.attribute(QueueAttributeName.POLICY));
		if (policyProblem != null) {
			findings.add(new Finding("SQS-POL-001", Severity.CRITICAL, resource, policyProblem,
					"Add conditions aws:SourceArn (the topic, rule or bucket ARN) and aws:SourceAccount to every "
							+ "statement that allows a service principal",
					"https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"));
		}
		long wait = queue.longAttribute(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, 0);
		if (wait < SqsLimits.MAX_WAIT_TIME.toSeconds()) {
			findings.add(new Finding("SQS-POLL-001", Severity.INFO, resource,
					"ReceiveMessageWaitTimeSeconds is " + wait + ": consumers that do not ask for long polling short-poll, "
							+ "which costs empty receives and can miss messages",
					"Set ReceiveMessageWaitTimeSeconds to " + SqsLimits.MAX_WAIT_TIME.toSeconds(),
					DOCS + "best-practices-setting-up-long-polling.html"));
		}
		return findings;
	}

	private static List<Finding> deadLetterRules(SqsQueue queue, @Nullable SqsQueue deadLetterQueue, String resource,
			SqsOptions options) {
		List<Finding> findings = new ArrayList<>();
		SqsQueue.RedrivePolicy redrive = queue.redrivePolicy();
		if (redrive == null) {
			findings.add(new Finding("SQS-DLQ-001", Severity.CRITICAL, resource,
					"Queue has no redrive policy: a message that always fails is received until its retention ends",
					"Create a dead-letter queue and set RedrivePolicy {deadLetterTargetArn, maxReceiveCount}",
					DOCS + "sqs-dead-letter-queues.html"));
			return findings;
		}
		if (redrive.maxReceiveCount() < options.minSaneReceiveCount()
				|| redrive.maxReceiveCount() > options.maxSaneReceiveCount()) {
			findings.add(new Finding("SQS-DLQ-002", Severity.WARNING, resource,
					"Redrive maxReceiveCount " + redrive.maxReceiveCount() + " is outside " + options.minSaneReceiveCount()
							+ "-" + options.maxSaneReceiveCount()
							+ ": too low dead-letters on one transient failure, too high lets poison messages cycle",
					"Set maxReceiveCount between " + options.minSaneReceiveCount() + " and " + options.maxSaneReceiveCount(),
					DOCS + "sqs-configure-dead-letter-queue.html"));
		}
		if (deadLetterQueue == null) {
			findings.add(new Finding("SQS-DLQ-005", Severity.CRITICAL, resource,
					"Redrive target " + redrive.deadLetterTargetArn() + " does not exist",
					"Create the dead-letter queue or point RedrivePolicy at an existing one",
					DOCS + "sqs-configure-dead-letter-queue.html"));
			return findings;
		}
		if (queue.fifo() && !deadLetterQueue.fifo()) {
			findings.add(new Finding("SQS-DLQ-004", Severity.CRITICAL, resource,
					"FIFO queue dead-letters to the standard queue " + deadLetterQueue.name(),
					"Use a FIFO dead-letter queue for a FIFO queue", DOCS + "sqs-configure-dead-letter-queue.html"));
		}
		// SQS always reports retention; a backend that does not (ElasticMQ) cannot be judged on it
		long retention = queue.longAttribute(QueueAttributeName.MESSAGE_RETENTION_PERIOD, -1);
		long deadLetterRetention = deadLetterQueue.longAttribute(QueueAttributeName.MESSAGE_RETENTION_PERIOD, -1);
		if (!queue.fifo() && retention > 0 && deadLetterRetention > 0 && deadLetterRetention <= retention) {
			findings.add(new Finding("SQS-DLQ-003", Severity.WARNING, resource,
					"Dead-letter queue " + deadLetterQueue.name() + " keeps messages " + deadLetterRetention
							+ " s, not longer than the source's " + retention + " s; a standard queue keeps the original "
							+ "enqueue time, so dead letters can expire as soon as they arrive",
					"Set the dead-letter queue's MessageRetentionPeriod above the source's (up to 14 days)",
					DOCS + "sqs-dead-letter-queues.html"));
		}
		return findings;
	}

	/** Why the policy lets a service principal in without source conditions, or null when it does not. */
	static @Nullable String servicePrincipalWithoutSource(@Nullable String policy) {
		if (policy == null || policy.isBlank()) {
			return null;
		}
		JsonNode root;
		try {
			root = MAPPER.readTree(policy);
		}
		catch (RuntimeException ex) {
			return null;
		}
		JsonNode statements = root.get("Statement");
		if (statements == null) {
			return null;
		}
		Iterable<JsonNode> list = statements.isArray() ? statements.values() : List.of(statements);
		for (JsonNode statement : list) {
			JsonNode principal = statement.get("Principal");
			boolean allow = "Allow".equalsIgnoreCase(text(statement.get("Effect")));
			if (allow && isAnyone(principal) && allowsSend(statement.get("Action"))
					&& (statement.get("Condition") == null || statement.get("Condition").isEmpty())) {
				return "Policy statement " + (statement.has("Sid") ? "'" + text(statement.get("Sid")) + "' " : "")
						+ "allows Principal \"*\" to send messages without any condition: anyone on the internet can "
						+ "send to the queue";
			}
			if (!allow || principal == null || principal.get("Service") == null) {
				continue;
			}
			boolean sourceArn = hasConditionKey(statement.get("Condition"), "aws:sourcearn");
			boolean sourceAccount = hasConditionKey(statement.get("Condition"), "aws:sourceaccount");
			if (!sourceArn || !sourceAccount) {
				return "Policy statement " + (statement.has("Sid") ? "'" + text(statement.get("Sid")) + "' " : "")
						+ "allows service principal " + principal.get("Service") + " without "
						+ (sourceArn ? "" : "aws:SourceArn") + (!sourceArn && !sourceAccount ? " and " : "")
						+ (sourceAccount ? "" : "aws:SourceAccount") + ": any resource of that service could use it";
			}
		}
		return null;
	}

	/** Whether the condition restricts the key: present with some value other than "*". */
	private static boolean hasConditionKey(@Nullable JsonNode condition, String key) {
		if (condition == null) {
			return false;
		}
		for (JsonNode operator : condition.values()) {
			Iterator<Map.Entry<String, JsonNode>> fields = operator.properties().iterator();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				if (field.getKey().toLowerCase(Locale.ROOT).equals(key)
						&& SqsKeyRules.values(field.getValue()).stream().anyMatch(value -> !value.equals("*"))) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean isAnyone(@Nullable JsonNode principal) {
		if (principal == null) {
			return false;
		}
		if (principal.isString()) {
			return "*".equals(principal.asString());
		}
		return SqsKeyRules.values(principal.get("AWS")).contains("*");
	}

	private static boolean allowsSend(@Nullable JsonNode action) {
		return SqsKeyRules.values(action).stream()
			.map(value -> value.toLowerCase(Locale.ROOT))
			.anyMatch(value -> value.equals("*") || value.equals("sqs:*") || value.equals("sqs:sendmessage")
					|| value.equals("sqs:send*"));
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		return node == null ? null : node.asString();
	}

}
