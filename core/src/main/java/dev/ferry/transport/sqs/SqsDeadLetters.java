package dev.ferry.transport.sqs;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.message.FerryHeaders;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * Both ends of SQS dead-lettering: sends a rejected message to the dead-letter queue with Ferry's
 * reason attached, and reads what is known about a message received from a dead-letter queue, from
 * Ferry's own header and from SQS's redrive ({@code DeadLetterQueueSourceArn}). What a publishing
 * service attaches (EventBridge's target dead-letter attributes) is read by that service's adapter,
 * through the {@link dev.ferry.core.transport.DeadLetterReader} of the queue's envelope.
 */
final class SqsDeadLetters {

	/** Group id used when a message without one is dead-lettered to a FIFO queue. */
	static final String FIFO_FALLBACK_GROUP = "ferry-dead-letters";

	private final SqsAsyncClient client;

	private final Clock clock;

	SqsDeadLetters(SqsAsyncClient client, Clock clock) {
		this.client = client;
		this.clock = clock;
	}

	/**
	 * Sends the message to the dead-letter queue with the reason in {@link FerryHeaders#DEAD_LETTER}.
	 * Its attributes are kept; if adding the reason would pass the ten-attribute limit, the
	 * attributes that no longer fit are carried in the reason's details instead ({@code header.<name>}).
	 */
	CompletableFuture<SendMessageResponse> send(SqsQueue source, SqsQueue deadLetterQueue, Message message,
			String ferryId, int attempts, Outcome.Reject reject) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(message.messageAttributes());
		attributes.remove(FerryHeaders.DEAD_LETTER);
		Map<String, String> details = new LinkedHashMap<>();
		details.put("sqsMessageId", message.messageId());
		while (attributes.size() >= SqsLimits.MAX_ATTRIBUTES) {
			String last = attributes.keySet().stream().reduce((first, second) -> second).orElseThrow();
			MessageAttributeValue value = attributes.remove(last);
			details.put("header." + last, String.valueOf(value.stringValue()));
		}
		DeadLetterInfo info = reject.toDeadLetterInfo(source.arn(), ferryId, attempts, this.clock.instant(), details);
		attributes.put(FerryHeaders.DEAD_LETTER, MessageAttributeValue.builder()
			.dataType(SqsHeaders.STRING)
			.stringValue(DeadLetterCodec.encode(info))
			.build());
		SendMessageRequest.Builder request = SendMessageRequest.builder()
			.queueUrl(deadLetterQueue.url())
			.messageBody(message.body())
			.messageAttributes(attributes);
		String trace = message.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER);
		if (trace != null) {
			request.messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
					MessageSystemAttributeValue.builder().dataType(SqsHeaders.STRING).stringValue(trace).build()));
		}
		if (deadLetterQueue.fifo()) {
			String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
			request.messageGroupId(group != null ? group : FIFO_FALLBACK_GROUP)
				// the SQS message id makes a repeated dead-lettering of the same receive a duplicate
				.messageDeduplicationId(message.messageId());
		}
		return this.client.sendMessage(request.build());
	}

	/**
	 * What is known about a message that reached a dead-letter queue, or null when nothing marks it
	 * as a dead letter.
	 */
	static @Nullable DeadLetterInfo read(Message message, Map<String, String> headers, String ferryId) {
		String sourceArn = message.attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN);
		String trace = message.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER);
		DeadLetterInfo ferry = DeadLetterCodec.decode(headers.get(FerryHeaders.DEAD_LETTER));
		if (ferry != null) {
			if (ferry.source() == null && sourceArn != null) {
				return new DeadLetterInfo(ferry.reason(), ferry.errorCode(), ferry.exceptionType(),
						ferry.exceptionMessage(), sourceArn, ferry.originalMessageId(), ferry.attempts(),
						ferry.failedAt(), ferry.details());
			}
			return ferry;
		}
		Map<String, String> details = new LinkedHashMap<>();
		if (trace != null) {
			details.put(SqsHeaders.AWS_TRACE_HEADER, trace);
		}
		if (sourceArn != null) {
			return new DeadLetterInfo("moved by the source queue's redrive policy after too many receives",
					DeadLetterInfo.MAX_RECEIVES, null, null, sourceArn, ferryId, 0, null, details);
		}
		return null;
	}

}
