package dev.ferry.test.contract.inmemory;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.transport.Transport;
import dev.ferry.test.contract.TransportContractTests;
import dev.ferry.test.contract.TransportFixture;
import dev.ferry.transport.inmemory.InMemoryTransport;

import java.util.Map;

/** The in-memory transport, the reference implementation, passes the whole contract. */
class InMemoryTransportContractTests extends TransportContractTests {

	@Override
	protected TransportFixture createFixture() {
		InMemoryTransport transport = new InMemoryTransport();
		return new TransportFixture() {

			@Override
			public Transport transport() {
				return transport;
			}

			@Override
			public Destination createDestination(String name, DestinationSpec spec) {
				return Destination.of(name, InMemoryTransport.NAME, spec.ordered() ? name + ".fifo" : name)
					.withRetry(spec.retry())
					.withIdempotency(spec.idempotency());
			}

			@Override
			public Destination deadLetterDestination(String name, Destination source) {
				return Destination.of(name, InMemoryTransport.NAME, InMemoryTransport.deadLetterResource(source))
					.withProperties(Map.of());
			}

		};
	}

}
