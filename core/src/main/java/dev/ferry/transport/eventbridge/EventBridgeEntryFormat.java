package dev.ferry.transport.eventbridge;


import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.transport.EncodedMessage;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Maps an encoded message to a PutEvents entry of one destination, and counts its size the way
 * EventBridge does. {@code Detail} is the payload itself plus Ferry's headers field
 * ({@link EventBridgeHeaders}); {@code DetailType} is the configured one or the simple name of the
 * payload's type; {@code Time} is left to EventBridge (the time it receives the event).
 */
final class EventBridgeEntryFormat {

	private final EventBridgeDestinationProperties properties;

	EventBridgeEntryFormat(EventBridgeDestinationProperties properties) {
		this.properties = properties;
	}

	/**
	 * @throws EventBridgeHeaders.InvalidDetailException when the payload cannot be a detail
	 */
	PutEventsRequestEntry entry(EncodedMessage message, @Nullable String environmentTraceHeader) {
		String contentType = message.headers().getOrNull(FerryHeaders.CONTENT_TYPE);
		if (contentType != null && !contentType.contains("json")) {
			throw new EventBridgeHeaders.InvalidDetailException("the payload's content type is " + contentType
					+ "; an EventBridge event's detail must be a JSON object");
		}
		PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder()
			.eventBusName(this.properties.eventBus())
			.source(this.properties.source())
			.detailType(detailType(message))
			.detail(EventBridgeHeaders.detail(message.body(), message.headers()));
		if (!this.properties.resources().isEmpty()) {
			entry.resources(this.properties.resources());
		}
		String trace = EventBridgeHeaders.traceHeader(message.headers());
		if (trace == null) {
			trace = environmentTraceHeader;
		}
		if (trace != null && !trace.isBlank()) {
			entry.traceHeader(trace);
		}
		return entry.build();
	}

	/** The configured detail type, else the simple name of the payload's type id, else "Event". */
	String detailType(EncodedMessage message) {
		if (this.properties.detailType() != null) {
			return this.properties.detailType();
		}
		return simpleName(message.headers().getOrNull(FerryHeaders.TYPE));
	}

	static String simpleName(@Nullable String typeId) {
		if (typeId == null || typeId.isBlank()) {
			return "Event";
		}
		String name = typeId;
		int generic = name.indexOf('<');
		if (generic >= 0) {
			name = name.substring(0, generic);
		}
		int cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
		return cut >= 0 && cut < name.length() - 1 ? name.substring(cut + 1) : name;
	}

	/**
	 * Size of an entry as EventBridge counts it: 14 bytes for Time when set, plus the UTF-8 bytes of
	 * Source, DetailType, Detail and each Resource.
	 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
	 */
	static long sizeOf(PutEventsRequestEntry entry) {
		long size = entry.time() != null ? EventBridgeLimits.TIME_ENTRY_BYTES : 0;
		size += utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
		if (entry.hasResources()) {
			for (String resource : entry.resources()) {
				size += utf8(resource);
			}
		}
		return size;
	}

	private static long utf8(@Nullable String text) {
		if (text == null) {
			return 0;
		}
		// counts without allocating: the publisher sizes every entry
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}
