package dev.ferry.transport.eventbridge;

import java.util.concurrent.CompletionException;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.TransportException;
import dev.ferry.core.destination.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.CreateEventBusRequest;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/**
 * Checks and, only when provisioning is on, creates the EventBridge resources behind a destination:
 * the bus (encrypted with the configured customer-managed KMS key). Without provisioning a missing
 * resource stops start-up with a message naming the property to fix.
 */
final class EventBridgeProvisioner {

	private static final Logger logger = LoggerFactory.getLogger(EventBridgeProvisioner.class);

	private final EventBridgeAsyncClient client;

	EventBridgeProvisioner(EventBridgeAsyncClient client) {
		this.client = client;
	}

	void ensureBus(Destination destination, EventBridgeDestinationProperties properties, boolean provision) {
		String bus = properties.eventBusName();
		if (busExists(bus)) {
			return;
		}
		if (!provision) {
			throw new FerryConfigurationException("EventBridge bus '" + bus + "' of destination '" + destination.name()
					+ "' does not exist. Create it, fix " + EventBridgeDestinationProperties.name(destination,
							EventBridgeDestinationProperties.EVENT_BUS)
					+ " (or " + destination.configPrefix() + ".resource), or set ferry.provision=true");
		}
		CreateEventBusRequest.Builder request = CreateEventBusRequest.builder().name(bus);
		if (properties.kmsKeyId() != null) {
			request.kmsKeyIdentifier(properties.kmsKeyId());
		}
		join(this.client.createEventBus(request.build()), "create event bus " + bus);
		logger.info("Created EventBridge bus {} for destination {}", bus, destination.name());
	}

	boolean busExists(String bus) {
		try {
			this.client.describeEventBus(b -> b.name(bus)).join();
			return true;
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof ResourceNotFoundException) {
				return false;
			}
			throw new TransportException("Could not describe EventBridge bus " + bus + ": " + ex.getCause().getMessage(),
					ex.getCause(), true);
		}
	}

	static <T> T join(java.util.concurrent.CompletableFuture<T> future, String what) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			throw new TransportException("Could not " + what + ": " + cause.getMessage(), cause, true);
		}
	}

}
