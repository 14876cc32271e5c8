package dev.ferry.transport.eventbridge;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.PropertyReader;
import org.jspecify.annotations.Nullable;

/**
 * The EventBridge-specific settings of one destination, read from
 * {@code ferry.destinations.<name>.properties} and validated with messages naming the property.
 * These are all the properties the publishing side reads (docs/transports/eventbridge.md lists
 * them too).
 *
 * @param eventBus {@code event-bus}: name or ARN of the bus; defaults to the destination's resource
 * @param source {@code source}: the events' {@code source}; defaults to the destination's logical
 * name. Must not start with {@code aws.} (reserved for AWS services)
 * @param detailType {@code detail-type}: the events' {@code detail-type}; when absent, the simple
 * name of the payload's type
 * @param resources {@code resources}: comma-separated ARNs put in every event's {@code resources}
 * @param kmsKeyId {@code kms-key-id}: customer-managed KMS key of a provisioned bus (the hardening
 * rule expects one when set or required)
 * @param archiveRetention {@code archive.retention}: when set, provisioning keeps an archive of the
 * bus's events for that long (whole days; 0 = indefinitely)
 */
public record EventBridgeDestinationProperties(String eventBus, String source, @Nullable String detailType,
		List<String> resources, @Nullable String kmsKeyId, @Nullable Duration archiveRetention) {

	public static final String EVENT_BUS = "event-bus";

	public static final String SOURCE = "source";

	public static final String DETAIL_TYPE = "detail-type";

	public static final String RESOURCES = "resources";

	public static final String KMS_KEY_ID = "kms-key-id";

	public static final String ARCHIVE_RETENTION = "archive.retention";

	public EventBridgeDestinationProperties {
		resources = List.copyOf(resources);
	}

	public static EventBridgeDestinationProperties of(Destination destination) {
		PropertyReader properties = PropertyReader.of(destination);
		String source = properties.string(SOURCE, destination.name());
		if (source.toLowerCase(Locale.ROOT).startsWith("aws.")) {
			throw new FerryConfigurationException(properties.name(SOURCE) + " must not start with 'aws.' (reserved "
					+ "for events of AWS services), was '" + source + "'");
		}
		String resources = properties.string(RESOURCES);
		List<String> resourceList = resources == null ? List.of()
				: Arrays.stream(resources.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
		Duration retention = properties.duration(ARCHIVE_RETENTION);
		if (retention != null && retention.isNegative()) {
			throw properties.invalid(ARCHIVE_RETENTION, "must not be negative");
		}
		return new EventBridgeDestinationProperties(properties.string(EVENT_BUS, destination.resource()), source,
				properties.string(DETAIL_TYPE), resourceList, properties.string(KMS_KEY_ID), retention);
	}

	/** The bus name when {@link #eventBus} is an ARN ({@code arn:...:event-bus/name}), else itself. */
	public String eventBusName() {
		int slash = this.eventBus.lastIndexOf('/');
		return this.eventBus.startsWith("arn:") && slash >= 0 ? this.eventBus.substring(slash + 1) : this.eventBus;
	}

	static String name(Destination destination, String key) {
		return PropertyReader.of(destination).name(key);
	}

}
