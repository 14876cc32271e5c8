package dev.ferry.core.hardening;

import java.util.Objects;

/**
 * One problem a hardening inspector found on a real resource.
 *
 * @param id stable rule id, e.g. {@code SQS-KMS-001}
 * @param severity how much it matters
 * @param resource the resource (queue URL, topic, broker) it was found on
 * @param problem what is wrong
 * @param fix how to fix it
 * @param docUrl the AWS (or Ferry) document behind the rule
 */
public record Finding(String id, Severity severity, String resource, String problem, String fix, String docUrl) {

	public Finding {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(severity, "severity");
		Objects.requireNonNull(resource, "resource");
		Objects.requireNonNull(problem, "problem");
		Objects.requireNonNull(fix, "fix");
		Objects.requireNonNull(docUrl, "docUrl");
	}

}
