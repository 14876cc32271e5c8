package dev.ferry.test.aws.sns;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link dev.ferry.test.aws.FaultInjector} predicate sees of one PublishBatch entry.
 *
 * @param topicArn the topic the batch is published to
 * @param id the entry id
 * @param message the Message parameter
 * @param subject the Subject parameter, if any
 * @param attributes the message attributes' string (or Base64 binary) values by name
 */
public record SnsPublishEntry(String topicArn, String id, String message, @Nullable String subject,
		Map<String, String> attributes) {
}
