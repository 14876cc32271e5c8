package dev.ferry.test.aws.eventbridge;

/**
 * What a {@link dev.ferry.test.aws.FaultInjector} predicate sees of one delivery attempt of an
 * event to a target. A fault injected here is a retryable target failure, handled by the target's
 * RetryPolicy and DeadLetterConfig like a real one.
 *
 * @param ruleArn the rule that matched
 * @param targetId the target id
 * @param eventId the event id
 * @param detailType the event's detail-type
 */
public record EventBridgeDelivery(String ruleArn, String targetId, String eventId, String detailType) {
}
