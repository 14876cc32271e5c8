package dev.ferry.transport.sqs;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A queue as read at start-up: URL, ARN and the attributes Ferry acts on.
 *
 * @param url queue URL
 * @param arn queue ARN
 * @param attributes all attributes GetQueueAttributes returned
 */
public record SqsQueue(String url, String arn, Map<QueueAttributeName, String> attributes) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	public SqsQueue {
		attributes = Map.copyOf(attributes);
	}

	/** Queue name (last segment of the URL). */
	public String name() {
		return nameOf(this.url);
	}

	public boolean fifo() {
		// the URL ends with the name: no substring per call (this runs for every published message)
		return Boolean.parseBoolean(this.attributes.get(QueueAttributeName.FIFO_QUEUE)) || this.url.endsWith(".fifo");
	}

	public boolean contentBasedDeduplication() {
		return Boolean.parseBoolean(this.attributes.get(QueueAttributeName.CONTENT_BASED_DEDUPLICATION));
	}

	public @Nullable String attribute(QueueAttributeName name) {
		return this.attributes.get(name);
	}

	public long longAttribute(QueueAttributeName name, long fallback) {
		String value = this.attributes.get(name);
		try {
			return value == null ? fallback : Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

	public Duration visibilityTimeout() {
		return Duration.ofSeconds(longAttribute(QueueAttributeName.VISIBILITY_TIMEOUT, 30));
	}

	/** The queue's redrive policy, or null when it has none (or it cannot be read). */
	public @Nullable RedrivePolicy redrivePolicy() {
		String json = this.attributes.get(QueueAttributeName.REDRIVE_POLICY);
		if (json == null || json.isBlank()) {
			return null;
		}
		try {
			JsonNode node = MAPPER.readTree(json);
			JsonNode target = node.get("deadLetterTargetArn");
			JsonNode count = node.get("maxReceiveCount");
			if (target == null || count == null) {
				return null;
			}
			return new RedrivePolicy(target.asString(), Integer.parseInt(count.asString().trim()));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Name of a queue given by URL, ARN or name. */
	public static String nameOf(String urlArnOrName) {
		int cut = Math.max(urlArnOrName.lastIndexOf('/'), urlArnOrName.lastIndexOf(':'));
		return cut < 0 ? urlArnOrName : urlArnOrName.substring(cut + 1);
	}

	/**
	 * A queue's redrive policy: after {@code maxReceiveCount} receives SQS moves a message to the
	 * dead-letter queue.
	 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
	 */
	public record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {

		public String toJson() {
			return "{\"deadLetterTargetArn\":\"" + this.deadLetterTargetArn + "\",\"maxReceiveCount\":\""
					+ this.maxReceiveCount + "\"}";
		}

	}

}
