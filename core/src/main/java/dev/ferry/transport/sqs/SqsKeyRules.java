package dev.ferry.transport.sqs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.Severity;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The encryption rules, judged on the key itself rather than on the name in {@code KmsMasterKeyId}:
 * <ul>
 * <li>SQS-KMS-001: the queue is encrypted with an enabled customer-managed key ({@code DescribeKey}).
 * SSE-SQS, {@code alias/aws/sqs} or any key with {@code KeyManager=AWS} is a WARNING (its policy
 * cannot be restricted); a missing, disabled or pending-deletion key is CRITICAL (sends fail). Where
 * KMS cannot be asked, one INFO finding says what was not verified.</li>
 * <li>SQS-KMS-002: a queue that SNS or EventBridge delivers to (its policy allows
 * {@code sns.amazonaws.com} / {@code events.amazonaws.com}) and that is encrypted with a
 * customer-managed key needs a key policy letting that service principal use
 * {@code kms:GenerateDataKey*} and {@code kms:Decrypt}, or the service drops its deliveries
 * ({@code GetKeyPolicy}).</li>
 * </ul>
 */
final class SqsKeyRules {

	static final String KMS_001 = "SQS-KMS-001";

	static final String KMS_002 = "SQS-KMS-002";

	private static final String SSE_DOCS = SqsHardeningInspector.DOCS + "sqs-server-side-encryption.html";

	private static final String KEY_POLICY_DOCS = SqsHardeningInspector.DOCS
			+ "sqs-key-management.html#compatibility-with-aws-services";

	/** Services that deliver to queues and need the queue's key to do so. */
	private static final Set<String> DELIVERING_SERVICES = Set.of("sns.amazonaws.com", "events.amazonaws.com");

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private SqsKeyRules() {
	}

	/** SQS-KMS-001 by name only: where no KMS client is present. */
	static List<Finding> byName(SqsQueue queue, String resource) {
		String kms = queue.attribute(QueueAttributeName.KMS_MASTER_KEY_ID);
		List<Finding> findings = new ArrayList<>();
		if (kms == null || kms.isBlank()) {
			findings.add(notCustomerManaged(resource, "Queue is not encrypted with a customer-managed KMS key (SSE-SQS or none)"));
		}
		else if (kms.trim().endsWith("alias/aws/sqs")) {
			findings.add(notCustomerManaged(resource,
					"Queue is encrypted with the AWS-managed key alias/aws/sqs, whose key policy you cannot restrict"));
		}
		return findings;
	}

	/** SQS-KMS-001 and SQS-KMS-002, looking the key and its policy up. */
	static List<Finding> check(SqsQueue queue, String resource, SqsKeyLookup keys) {
		List<Finding> byName = byName(queue, resource);
		if (!byName.isEmpty()) {
			return byName;
		}
		String keyId = queue.attribute(QueueAttributeName.KMS_MASTER_KEY_ID).trim();
		Optional<SqsKeyLookup.Key> described;
		try {
			described = keys.describe(keyId);
		}
		catch (RuntimeException ex) {
			return List.of(new Finding(KMS_001, Severity.INFO, resource,
					"Could not verify KMS key " + keyId + " (DescribeKey failed: " + ex.getMessage()
							+ "): whether it is customer-managed and enabled is unknown",
					"Allow kms:DescribeKey on the key to the application's role, or check the key by hand", SSE_DOCS));
		}
		if (described.isEmpty()) {
			return List.of(new Finding(KMS_001, Severity.CRITICAL, resource,
					"KmsMasterKeyId " + keyId + " names no KMS key: sends to the queue fail",
					"Point KmsMasterKeyId at an existing customer-managed key", SSE_DOCS));
		}
		SqsKeyLookup.Key key = described.get();
		if (key.awsManaged()) {
			return List.of(notCustomerManaged(resource, "Queue is encrypted with the AWS-managed key " + keyId
					+ " (KeyManager=AWS), whose key policy you cannot restrict"));
		}
		if (!key.enabled()) {
			return List.of(new Finding(KMS_001, Severity.CRITICAL, resource,
					"KMS key " + keyId + " is " + key.state() + ": SQS cannot encrypt or decrypt, so sends and receives fail",
					"Enable the key (or cancel its deletion), or point KmsMasterKeyId at an enabled customer-managed key",
					SSE_DOCS));
		}
		Set<String> services = deliveringServices(queue.attribute(QueueAttributeName.POLICY));
		if (services.isEmpty()) {
			return List.of();
		}
		String keyPolicy;
		try {
			keyPolicy = keys.keyPolicy(key.keyId());
		}
		catch (RuntimeException ex) {
			return List.of(new Finding(KMS_002, Severity.INFO, resource,
					"Could not read the key policy of " + keyId + " (GetKeyPolicy failed: " + ex.getMessage()
							+ "): whether " + String.join(" and ", services) + " may use the key is unknown",
					"Allow kms:GetKeyPolicy on the key to the application's role, or check the key policy by hand",
					KEY_POLICY_DOCS));
		}
		List<Finding> findings = new ArrayList<>();
		for (String service : services) {
			if (!allowsServiceToUseKey(keyPolicy, service)) {
				findings.add(new Finding(KMS_002, Severity.CRITICAL, resource,
						"The queue policy lets " + service + " send, but the policy of its KMS key " + keyId
								+ " does not let " + service + " use kms:GenerateDataKey* and kms:Decrypt: "
								+ "the service's deliveries to this queue are dropped",
						"Add a key policy statement allowing principal " + service
								+ " the actions kms:GenerateDataKey* and kms:Decrypt",
						KEY_POLICY_DOCS));
			}
		}
		return findings;
	}

	private static Finding notCustomerManaged(String resource, String problem) {
		return new Finding(KMS_001, Severity.WARNING, resource, problem,
				"Set KmsMasterKeyId to a customer-managed key (ferry.destinations.<name>.properties.kms-key-id when "
						+ "provisioning) whose key policy grants only the producers and consumers",
				SSE_DOCS);
	}

	/** The delivering services that an Allow statement of the queue policy names as principal. */
	static Set<String> deliveringServices(@Nullable String queuePolicy) {
		Set<String> services = new LinkedHashSet<>();
		for (JsonNode statement : allowStatements(queuePolicy)) {
			for (String service : values(statement.path("Principal").get("Service"))) {
				if (DELIVERING_SERVICES.contains(service.toLowerCase(Locale.ROOT))) {
					services.add(service.toLowerCase(Locale.ROOT));
				}
			}
		}
		return services;
	}

	/** Whether an Allow statement of the key policy lets the service generate data keys and decrypt. */
	static boolean allowsServiceToUseKey(String keyPolicy, String service) {
		for (JsonNode statement : allowStatements(keyPolicy)) {
			if (!principalIncludes(statement.get("Principal"), service)) {
				continue;
			}
			List<String> actions = values(statement.get("Action"));
			if (anyMatches(actions, "kms:GenerateDataKey") && anyMatches(actions, "kms:Decrypt")) {
				return true;
			}
		}
		return false;
	}

	private static boolean principalIncludes(@Nullable JsonNode principal, String service) {
		if (principal == null) {
			return false;
		}
		if (principal.isString()) {
			return "*".equals(principal.asString());
		}
		return values(principal.get("Service")).stream().anyMatch(s -> s.equalsIgnoreCase(service))
				|| values(principal.get("AWS")).contains("*");
	}

	private static boolean anyMatches(List<String> patterns, String action) {
		for (String pattern : patterns) {
			// IAM action patterns: case-insensitive, '*' and '?' wildcards
			String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
			if (Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(action).matches()) {
				return true;
			}
		}
		return false;
	}

	static List<JsonNode> allowStatements(@Nullable String policy) {
		if (policy == null || policy.isBlank()) {
			return List.of();
		}
		JsonNode root;
		try {
			root = MAPPER.readTree(policy);
		}
		catch (RuntimeException ex) {
			return List.of();
		}
		JsonNode statements = root.get("Statement");
		if (statements == null) {
			return List.of();
		}
		List<JsonNode> allows = new ArrayList<>();
		for (JsonNode statement : statements.isArray() ? statements.values() : List.of(statements)) {
			if ("Allow".equalsIgnoreCase(statement.path("Effect").asString())) {
				allows.add(statement);
			}
		}
		return allows;
	}

	/** A policy value that may be one string or an array of strings. */
	static List<String> values(@Nullable JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return List.of();
		}
		if (node.isArray()) {
			List<String> values = new ArrayList<>();
			node.values().forEach(value -> values.add(value.asString()));
			return values;
		}
		return List.of(node.asString());
	}

}
