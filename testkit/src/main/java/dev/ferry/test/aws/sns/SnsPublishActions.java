package dev.ferry.test.aws.sns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.ferry.test.aws.FaultInjector;
import dev.ferry.test.aws.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Publish and PublishBatch, per https://docs.aws.amazon.com/sns/latest/api/API_Publish.html,
 * https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html and
 * https://docs.aws.amazon.com/sns/latest/dg/sns-batch-api-actions.html.
 */
final class SnsPublishActions {

	/**
	 * PublishBatch takes at most 10 entries.
	 * Source: https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html
	 */
	static final int MAX_BATCH_ENTRIES = 10;

	/**
	 * Batch entry ids: up to 80 alphanumerics, hyphens and underscores.
	 * Source: https://docs.aws.amazon.com/sns/latest/api/API_PublishBatchRequestEntry.html
	 */
	private static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

	/**
	 * Subjects must be less than 100 characters, without line breaks or control characters.
	 * Source: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
	 */
	static final int SUBJECT_LENGTH_LIMIT = 100;

	/**
	 * MessageGroupId and MessageDeduplicationId: up to 128 characters.
	 * Source: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
	 */
	static final int MAX_FIFO_ID_LENGTH = 128;

	private static final Set<String> ENTRY_PARAMETERS = Set.of("Message", "Subject", "MessageStructure",
			"MessageAttributes", "MessageGroupId", "MessageDeduplicationId");

	private final SnsRegistry registry;

	private final SnsDispatcher dispatcher;

	private final FaultInjector<SnsPublishEntry> faults;

	SnsPublishActions(SnsRegistry registry, SnsDispatcher dispatcher, FaultInjector<SnsPublishEntry> faults) {
		this.registry = registry;
		this.dispatcher = dispatcher;
		this.faults = faults;
	}

	String publish(SnsQueryRequest request) {
		Set<String> known = new HashSet<>(ENTRY_PARAMETERS);
		known.addAll(Set.of("TopicArn", "TargetArn"));
		if (request.get("PhoneNumber") != null) {
			throw SnsFault.unsupported("parameter 'PhoneNumber' of Publish (SMS)");
		}
		request.rejectUnknown("Publish", known);
		String arn = request.get("TopicArn") != null ? request.get("TopicArn") : request.get("TargetArn");
		if (arn == null) {
			throw SnsFault.invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
		}
		if (arn.contains(":endpoint/")) {
			throw SnsFault.unsupported("publishing to platform endpoints (TargetArn " + arn + ")");
		}
		SnsTopic topic = this.registry.topic(arn);
		SnsTopic.Sent sent = accept(topic, request);
		SnsXml xml = new SnsXml().element("MessageId", sent.messageId());
		if (sent.sequenceNumber() != null) {
			xml.element("SequenceNumber", sent.sequenceNumber());
		}
		return xml.response("Publish");
	}

	String publishBatch(SnsQueryRequest request) {
		request.rejectUnknown("PublishBatch", Set.of("TopicArn", "PublishBatchRequestEntries"));
		SnsTopic topic = this.registry.topic(request.require("TopicArn"));
		List<SnsQueryRequest> entries = request.members("PublishBatchRequestEntries");
		if (entries.isEmpty()) {
			throw new SnsFault("EmptyBatchRequest", 400, "The batch request doesn't contain any entries.");
		}
		if (entries.size() > MAX_BATCH_ENTRIES) {
			throw new SnsFault("TooManyEntriesInBatchRequest", 400,
					"The batch request contains more entries than permissible.");
		}
		Set<String> ids = new HashSet<>();
		long total = 0;
		for (SnsQueryRequest entry : entries) {
			String id = entry.get("Id") == null ? "" : entry.get("Id");
			if (!BATCH_ENTRY_ID.matcher(id).matches()) {
				throw new SnsFault("InvalidBatchEntryId", 400,
						"The Id of a batch entry in a batch request doesn't abide by the specification.");
			}
			if (!ids.add(id)) {
				throw new SnsFault("BatchEntryIdsNotDistinct", 400, "Two or more batch entries in the request have "
						+ "the same Id.");
			}
			total += size(entry);
		}
		if (total > topic.maximumMessageSize()) {
			throw new SnsFault("BatchRequestTooLong", 400,
					"The length of all the messages put together is more than the limit.");
		}
		SnsXml successful = new SnsXml();
		SnsXml failed = new SnsXml();
		for (SnsQueryRequest entry : entries) {
			String id = entry.require("Id");
			Optional<FaultInjector.InjectedFault> fault = this.faults.poll(view(topic, id, entry));
			if (fault.isPresent()) {
				failed.open("member").element("Id", id).element("Code", fault.get().errorCode())
						.element("Message", fault.get().errorMessage()).element("SenderFault", "false").close("member");
				continue;
			}
			try {
				Set<String> known = new HashSet<>(ENTRY_PARAMETERS);
				known.add("Id");
				entry.rejectUnknown("PublishBatch entry", known);
				SnsTopic.Sent sent = accept(topic, entry);
				successful.open("member").element("Id", id).element("MessageId", sent.messageId());
				if (sent.sequenceNumber() != null) {
					successful.element("SequenceNumber", sent.sequenceNumber());
				}
				successful.close("member");
			}
			catch (SnsFault ex) {
				failed.open("member").element("Id", id).element("Code", ex.code())
						.element("Message", String.valueOf(ex.getMessage()))
						.element("SenderFault", Boolean.toString(ex.senderFault())).close("member");
			}
		}
		return new SnsXml().open("Successful").raw(successful).close("Successful").open("Failed").raw(failed)
				.close("Failed").response("PublishBatch");
	}

	private static SnsPublishEntry view(SnsTopic topic, String id, SnsQueryRequest entry) {
		Map<String, String> attributes = new LinkedHashMap<>();
		try {
			entry.messageAttributes("MessageAttributes").forEach((name, value) -> attributes.put(name,
					value.displayValue()));
		}
		catch (SnsFault ex) {
			// Invalid attributes fail the entry later; the fault matcher sees none.
		}
		String message = entry.get("Message");
		return new SnsPublishEntry(topic.arn(), id, message == null ? "" : message, entry.get("Subject"), attributes);
	}

	private static long size(SnsQueryRequest entry) {
		String message = entry.get("Message");
		long size = message == null ? 0 : message.getBytes(StandardCharsets.UTF_8).length;
		try {
			for (Map.Entry<String, SnsMessageAttribute> attribute : entry.messageAttributes("MessageAttributes")
					.entrySet()) {
				size += attribute.getValue().size(attribute.getKey());
			}
		}
		catch (SnsFault ex) {
			// Counted without attributes; the entry fails on its own later.
		}
		return size;
	}

	/** Validates one message, deduplicates it on FIFO topics and hands it to the dispatcher. */
	private SnsTopic.Sent accept(SnsTopic topic, SnsQueryRequest request) {
		String message = request.get("Message");
		if (message == null || message.isEmpty()) {
			throw SnsFault.invalidParameter("Empty message");
		}
		String subject = request.get("Subject");
		if (subject != null && (subject.isEmpty() || subject.length() >= SUBJECT_LENGTH_LIMIT
				|| subject.chars().anyMatch(Character::isISOControl))) {
			throw SnsFault.invalidParameter("Subject");
		}
		boolean json = validateStructure(request.get("MessageStructure"), message);
		Map<String, SnsMessageAttribute> attributes = request.messageAttributes("MessageAttributes");
		if (size(request) > topic.maximumMessageSize()) {
			throw SnsFault.invalidParameter("Message too long");
		}
		String groupId = request.get("MessageGroupId");
		String deduplicationId = request.get("MessageDeduplicationId");
		checkLength("MessageGroupId", groupId);
		checkLength("MessageDeduplicationId", deduplicationId);
		Instant now = Instant.now();
		String messageId = UUID.randomUUID().toString();
		if (!topic.fifo()) {
			if (deduplicationId != null) {
				throw SnsFault.invalidParameter("MessageDeduplicationId Reason: The request includes "
						+ "MessageDeduplicationId parameter that is not valid for this topic type");
			}
			this.dispatcher.dispatch(new SnsMessage(messageId, topic.arn(), subject, message, json, attributes, groupId,
					null, null, now), this.registry.subscriptions(topic.arn()));
			return new SnsTopic.Sent(messageId, null, now);
		}
		if (groupId == null) {
			throw SnsFault.invalidParameter("The MessageGroupId parameter is required for FIFO topics");
		}
		if (deduplicationId == null) {
			if (!topic.contentBasedDeduplication()) {
				throw SnsFault.invalidParameter("The topic should either have ContentBasedDeduplication enabled or "
						+ "MessageDeduplicationId provided explicitly");
			}
			deduplicationId = sha256(message);
		}
		synchronized (topic) {
			SnsTopic.Sent sent = new SnsTopic.Sent(messageId, topic.nextSequenceNumber(), now);
			SnsTopic.Sent earlier = topic.deduplicate(deduplicationId, sent, now);
			if (earlier != null) {
				return earlier;
			}
			this.dispatcher.dispatch(new SnsMessage(messageId, topic.arn(), subject, message, json, attributes, groupId,
					deduplicationId, sent.sequenceNumber(), now), this.registry.subscriptions(topic.arn()));
			return sent;
		}
	}

	private static boolean validateStructure(@Nullable String structure, String message) {
		if (structure == null) {
			return false;
		}
		if (!structure.equals("json")) {
			throw SnsFault.invalidParameter("MessageStructure");
		}
		JsonNode tree;
		try {
			tree = Json.MAPPER.readTree(message);
		}
		catch (JacksonException ex) {
			throw SnsFault.invalidParameter("Message Structure - JSON message body failed to parse");
		}
		if (!tree.path("default").isString()) {
			throw SnsFault.invalidParameter("Message Structure - No default entry in JSON message body");
		}
		return true;
	}

	private static void checkLength(String name, @Nullable String value) {
		if (value != null && (value.isEmpty() || value.length() > MAX_FIFO_ID_LENGTH)) {
			throw SnsFault.invalidParameter(name + " Reason: must be 1 to " + MAX_FIFO_ID_LENGTH + " characters");
		}
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
					.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
