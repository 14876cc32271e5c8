package dev.ferry.test.aws.eventbridge;

/**
 * What a {@link dev.ferry.test.aws.FaultInjector} predicate sees of one PutEvents entry.
 *
 * @param eventBusName the EventBusName of the entry ({@code default} when absent)
 * @param source the Source
 * @param detailType the DetailType
 * @param detail the Detail JSON text
 */
public record EventBridgeEntry(String eventBusName, String source, String detailType, String detail) {
}
