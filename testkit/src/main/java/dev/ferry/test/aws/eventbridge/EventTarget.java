package dev.ferry.test.aws.eventbridge;

import org.jspecify.annotations.Nullable;

/**
 * An SQS target of a rule.
 *
 * @param id the target id
 * @param arn the queue ARN
 * @param input constant JSON text sent instead of the event, if set
 * @param inputPath JSONPath selecting the part of the event to send, if set
 * @param messageGroupId SqsParameters.MessageGroupId for FIFO queues
 * @param deadLetterArn DeadLetterConfig.Arn
 * @param maximumRetryAttempts RetryPolicy.MaximumRetryAttempts
 * @param maximumEventAgeSeconds RetryPolicy.MaximumEventAgeInSeconds
 * @param json the target as PutTargets received it, returned by ListTargetsByRule
 */
record EventTarget(String id, String arn, @Nullable String input, @Nullable String inputPath,
		@Nullable String messageGroupId, @Nullable String deadLetterArn, int maximumRetryAttempts,
		int maximumEventAgeSeconds, tools.jackson.databind.JsonNode json) {
}
