package dev.ferry.core.message;

import java.time.Duration;

/**
 * What the pipeline may ask of the transport while one received message is being processed.
 * Transports without such a notion (Kafka, the in-memory transport's ordered mode) use
 * {@link #NONE}.
 */
@FunctionalInterface
public interface DeliveryControl {

	/** Does nothing. */
	DeliveryControl NONE = extension -> {
	};

	/**
	 * Keeps the message from being redelivered for at least {@code extension} from now (SQS:
	 * ChangeMessageVisibility). Called by the heartbeat while a slow handler runs. Must not throw;
	 * a failure is logged by the transport.
	 */
	void extend(Duration extension);

}
