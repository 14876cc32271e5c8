package dev.ferry.test.contract;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.core.consume.Outcome;
import dev.ferry.core.consume.RetryPolicy;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.idempotency.IdempotencySettings;
import dev.ferry.core.transport.Transport;
import dev.ferry.core.transport.TransportCapabilities;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Set-up shared by the contract tests: a fixture per test, a Ferry runtime over the fixture's
 * transport, and recording helpers.
 */
public abstract class ContractTestSupport {

	private static final AtomicInteger COUNTER = new AtomicInteger();

	protected TransportFixture fixture;

	protected Transport transport;

	protected @Nullable Ferry ferry;

	/** Outcomes the pipeline decided, for every listener of the test. */
	protected final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	/** Creates the fixture of the transport under test. Called before each test. */
	protected abstract TransportFixture createFixture() throws Exception;

	@BeforeEach
	void setUpFixture(TestInfo test) throws Exception {
		this.fixture = createFixture();
		this.transport = this.fixture.transport();
		String name = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
		this.fixture.knownBackendGap(name).ifPresent(gap -> Assumptions.abort("Backend gap, not a transport defect: " + gap));
	}

	@AfterEach
	void tearDownFixture() throws Exception {
		if (this.ferry != null) {
			this.ferry.close();
		}
		else {
			this.fixture.transports().forEach(Transport::close);
		}
		this.fixture.close();
	}

	/** A fresh logical name, unique in this JVM. */
	protected static String uniqueName(String prefix) {
		return prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
	}

	protected RetryPolicy fastRetry(int maxAttempts) {
		Duration initial = this.fixture.minimumRetryDelay();
		return new RetryPolicy(maxAttempts, initial, 2.0, initial.multipliedBy(4), 0);
	}

	protected static IdempotencySettings idempotency(boolean enabled) {
		return new IdempotencySettings(enabled, Duration.ofMinutes(10), Duration.ofSeconds(2));
	}

	protected Destination destination(String prefix, boolean ordered, int maxAttempts, boolean idempotent) {
		return this.fixture.createDestination(uniqueName(prefix),
				new TransportFixture.DestinationSpec(ordered, fastRetry(maxAttempts), idempotency(idempotent)));
	}

	protected TransportCapabilities capabilities(Destination destination) {
		return this.transport.capabilities(destination);
	}

	/** Builds (not starts) the runtime over the given destinations. */
	protected Ferry ferry(Destination... destinations) {
		Ferry.Builder builder = Ferry.builder();
		this.fixture.transports().forEach(builder::transport);
		this.ferry = builder.destinations(List.of(destinations))
			.hardeningMode(HardeningMode.OFF)
			.pollTimeout(this.fixture.pollTimeout())
			.shutdownTimeout(Duration.ofSeconds(10))
			.observer((listener, message, outcome, nanos) -> this.outcomes.add(outcome))
			.build();
		return this.ferry;
	}

	protected long duplicatesSuppressed() {
		return this.outcomes.stream().filter(outcome -> outcome instanceof Outcome.Ack ack && ack.duplicate()).count();
	}

	/** One handler invocation, as recorded by tests. */
	protected record Call(String id, int attempt, long atNanos, boolean succeeded) {
	}

}
