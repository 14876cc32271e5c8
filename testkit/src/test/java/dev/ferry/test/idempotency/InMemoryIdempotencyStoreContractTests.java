package dev.ferry.test.idempotency;

import java.time.Clock;

import dev.ferry.core.idempotency.IdempotencyStore;
import dev.ferry.core.idempotency.InMemoryIdempotencyStore;

/** The reference store passes the store contract. */
class InMemoryIdempotencyStoreContractTests extends IdempotencyStoreContractTests {

	@Override
	protected IdempotencyStore createStore(Clock clock) {
		return new InMemoryIdempotencyStore(clock, 10_000);
	}

}
