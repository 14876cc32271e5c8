package dev.ferry.test.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates an SQS queue policy for one question: may AWS service {@code principal} call
 * {@code sqs:SendMessage} on this queue on behalf of the resource {@code sourceArn}?
 *
 * <p>Follows the IAM policy evaluation logic
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an
 * explicit {@code Deny} wins, otherwise an {@code Allow} is needed, otherwise access is denied.
 * Supported elements: {@code Effect}, {@code Principal} ({@code "*"}, {@code {"AWS":"*"}},
 * {@code {"Service": ...}}), {@code Action}, {@code Resource} (with {@code *}/{@code ?} wildcards) and
 * conditions {@code ArnEquals}, {@code ArnLike}, {@code StringEquals}, {@code StringLike} on
 * {@code aws:SourceArn} and {@code aws:SourceAccount}. A statement using anything else
 * ({@code NotPrincipal}, {@code NotAction}, other operators or keys) is logged as unsupported and
 * never grants access, so a stand-in never delivers where AWS might not.
 */
public final class QueuePolicy {

	private static final Logger logger = LoggerFactory.getLogger(QueuePolicy.class);

	private QueuePolicy() {
	}

	/**
	 * Answers whether the policy lets {@code principal} send to the queue for {@code sourceArn}.
	 * @param policyJson the queue's {@code Policy} attribute, or {@code null} when it has none
	 * @param principal a service principal such as {@code sns.amazonaws.com}
	 * @param queueArn the ARN of the queue the policy belongs to
	 * @param sourceArn the ARN of the topic or rule that sends
	 * @param sourceAccount the account that owns the source
	 * @return {@code true} only when an Allow statement matches and no Deny statement does
	 */
	public static boolean allowsSendMessage(@Nullable String policyJson, String principal, String queueArn,
			String sourceArn, String sourceAccount) {
		if (policyJson == null || policyJson.isBlank()) {
			return false;
		}
		JsonNode policy;
		try {
			policy = Json.MAPPER.readTree(policyJson);
		}
		catch (JacksonException ex) {
			logger.warn("Queue policy of {} is not valid JSON; treating it as denying everything", queueArn);
			return false;
		}
		Map<String, String> context = Map.of("aws:sourcearn", sourceArn, "aws:sourceaccount", sourceAccount);
		boolean allowed = false;
		for (JsonNode statement : asList(policy.path("Statement"))) {
			if (!isSupported(statement, queueArn)) {
				continue;
			}
			if (principalMatches(statement.path("Principal"), principal)
					&& anyMatches(statement.path("Action"), "sqs:SendMessage", true)
					&& (statement.path("Resource").isMissingNode() || anyMatches(statement.path("Resource"), queueArn, false))
					&& conditionsMatch(statement.path("Condition"), context, queueArn)) {
				if ("Deny".equals(statement.path("Effect").asString(""))) {
					return false;
				}
				if ("Allow".equals(statement.path("Effect").asString(""))) {
					allowed = true;
				}
			}
		}
		return allowed;
	}

	private static boolean isSupported(JsonNode statement, String queueArn) {
		for (String unsupported : List.of("NotPrincipal", "NotAction", "NotResource")) {
			if (statement.has(unsupported)) {
				logger.warn("Queue policy of {} uses {}, which the local stand-in does not evaluate; "
						+ "the statement grants nothing here", queueArn, unsupported);
				return false;
			}
		}
		return true;
	}

	private static boolean principalMatches(JsonNode principalNode, String principal) {
		if (principalNode.isString()) {
			return "*".equals(principalNode.asString());
		}
		JsonNode aws = principalNode.path("AWS");
		if (containsLiteral(aws, "*")) {
			return true;
		}
		JsonNode service = principalNode.path("Service");
		return !service.isMissingNode() && containsLiteral(service, principal);
	}

	private static boolean containsLiteral(JsonNode node, String value) {
		for (JsonNode item : asList(node)) {
			if (value.equals(item.asString(""))) {
				return true;
			}
		}
		return false;
	}

	private static boolean conditionsMatch(JsonNode conditions, Map<String, String> context, String queueArn) {
		if (conditions.isMissingNode()) {
			return true;
		}
		for (Map.Entry<String, JsonNode> operator : conditions.properties()) {
			String op = operator.getKey();
			boolean like = op.equals("ArnLike") || op.equals("StringLike");
			boolean equals = op.equals("ArnEquals") || op.equals("StringEquals");
			if (!like && !equals) {
				logger.warn("Queue policy of {} uses condition operator {}, which the local stand-in does not "
						+ "evaluate; the statement grants nothing here", queueArn, op);
				return false;
			}
			for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
				String actual = context.get(key.getKey().toLowerCase(Locale.ROOT));
				if (actual == null) {
					logger.warn("Queue policy of {} uses condition key {}, which the local stand-in does not "
							+ "evaluate; the statement grants nothing here", queueArn, key.getKey());
					return false;
				}
				if (!anyMatches(key.getValue(), actual, false, like)) {
					return false;
				}
			}
		}
		return true;
	}

	private static boolean anyMatches(JsonNode patterns, String value, boolean ignoreCase) {
		return anyMatches(patterns, value, ignoreCase, true);
	}

	private static boolean anyMatches(JsonNode patterns, String value, boolean ignoreCase, boolean wildcards) {
		for (JsonNode pattern : asList(patterns)) {
			String text = pattern.asString("");
			if (wildcards ? globMatches(text, value, ignoreCase)
					: (ignoreCase ? text.equalsIgnoreCase(value) : text.equals(value))) {
				return true;
			}
		}
		return false;
	}

	static boolean globMatches(String glob, String value, boolean ignoreCase) {
		StringBuilder regex = new StringBuilder();
		for (char c : glob.toCharArray()) {
			switch (c) {
				case '*' -> regex.append(".*");
				case '?' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		int flags = ignoreCase ? Pattern.CASE_INSENSITIVE : 0;
		return Pattern.compile(regex.toString(), flags | Pattern.DOTALL).matcher(value).matches();
	}

	private static List<JsonNode> asList(JsonNode node) {
		List<JsonNode> list = new ArrayList<>();
		if (node.isArray()) {
			node.forEach(list::add);
		}
		else if (!node.isMissingNode() && !node.isNull()) {
			list.add(node);
		}
		return list;
	}

	/**
	 * Builds the policy AWS documents for letting a service deliver to a queue, scoped with
	 * {@code aws:SourceArn} as the confused-deputy guidance asks
	 * (https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html,
	 * https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html).
	 * @param queueArn the queue
	 * @param principal the service principal, e.g. {@code sns.amazonaws.com}
	 * @param sourceArn the topic or rule ARN allowed to send
	 * @return the policy document
	 */
	public static String allowServiceToSend(String queueArn, String principal, String sourceArn) {
		return """
				{"Version":"2012-10-17","Statement":[{"Sid":"AllowServiceSend","Effect":"Allow",\
				"Principal":{"Service":"%s"},"Action":"sqs:SendMessage","Resource":"%s",\
				"Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}""".formatted(principal, queueArn, sourceArn);
	}

}
