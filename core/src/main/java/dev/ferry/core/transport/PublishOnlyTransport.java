package dev.ferry.core.transport;

import java.util.List;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.hardening.HardeningInspector;

/**
 * A transport that only publishes (SNS topics, EventBridge buses); its destinations are consumed
 * through a queue destination of another transport, one queue per listener id
 * ({@code ferry.destinations.<name>.subscription.*}). Code does not change when a destination moves
 * here from a queue transport: {@code @FerryListener(destination = "order-events")} is routed to
 * the listener's subscription queue by the engine:
 *
 * <ol>
 * <li>{@link #route} says which queue the listener reads and how its messages are decoded;</li>
 * <li>at start-up {@link #prepareRoute} checks (or, provisioning, creates) the queue, its
 * dead-letter queue, their policies and the subscription; then the queue transport prepares the
 * queue destination as its own;</li>
 * <li>the queue transport subscribes to the queue with the route's {@link InboundDecoding} in the
 * {@link ReceiveSettings}.</li>
 * </ol>
 *
 * <p>Capabilities report {@link TransportCapabilities#publishOnly()}.
 */
public interface PublishOnlyTransport extends Transport, EnvelopeSupport {

	/**
	 * The queue the listener consumes the destination from. Pure: creates nothing.
	 * @throws FerryConfigurationException naming the {@code subscription} property when the
	 * listener's subscription settings are invalid
	 */
	QueueRoute route(Destination destination, String listenerId);

	/**
	 * Checks that the route's queue, dead-letter queue, their policies and the subscription exist,
	 * creating them with hardened defaults when {@code provision} is true. Called once per route at
	 * start-up, after the source destination was prepared and before the queue transport prepares
	 * the queue.
	 * @throws FerryConfigurationException naming the property to fix when something is missing and
	 * may not be created
	 */
	void prepareRoute(QueueRoute route, boolean provision);

	/**
	 * Refuses: a publish-only transport is consumed through {@link #route}.
	 * @throws FerryConfigurationException always
	 */
	@Override
	default Subscription subscribe(Destination destination, ReceiveSettings settings, InboundProcessor processor) {
		throw new FerryConfigurationException("Destination '" + destination.name() + "' on transport '" + name()
				+ "' is consumed through a subscription queue; listeners are routed there by Ferry's engine "
				+ "(see " + destination.configPrefix() + ".subscription)");
	}

	/** Inspectors of the published resources and the routes prepared so far. */
	@Override
	default List<HardeningInspector> inspectors() {
		return List.of();
	}

}
