package dev.ferry.autoconfigure.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerContainer;
import dev.ferry.core.engine.ListenerStats;
import dev.ferry.core.transport.Transport;
import dev.ferry.core.transport.TransportHealth;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code ferry} health contributor: {@code transports} has one entry per transport (its backend
 * answered a cheap call within the timeout), {@code listeners} one per listener (running, paused,
 * stopped, or failing: {@code failingAfter} failed deliveries in a row). Listeners are read when
 * health is asked, so listeners registered after start-up appear too.
 */
final class FerryHealthContributor implements CompositeHealthContributor {

	private final Ferry ferry;

	private final Duration timeout;

	private final long failingAfter;

	FerryHealthContributor(Ferry ferry, Duration timeout, long failingAfter) {
		this.ferry = ferry;
		this.timeout = timeout;
		this.failingAfter = failingAfter;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return switch (name) {
			case "transports" -> transports();
			case "listeners" -> listeners();
			default -> null;
		};
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return Stream.of(new HealthContributors.Entry("transports", transports()),
				new HealthContributors.Entry("listeners", listeners()));
	}

	private CompositeHealthContributor transports() {
		Map<String, Transport> byName = new LinkedHashMap<>();
		this.ferry.transports().forEach(transport -> byName.put(transport.name(), transport));
		return CompositeHealthContributor.fromMap(byName, transport -> (HealthIndicator) () -> transportHealth(transport));
	}

	private CompositeHealthContributor listeners() {
		Map<String, ListenerContainer> byId = new LinkedHashMap<>();
		this.ferry.containers().forEach(container -> byId.put(container.id(), container));
		return CompositeHealthContributor.fromMap(byId, container -> (HealthIndicator) () -> listenerHealth(container));
	}

	Health transportHealth(Transport transport) {
		TransportHealth health;
		try {
			health = transport.health(this.timeout);
		}
		catch (RuntimeException ex) {
			health = TransportHealth.down(ex.getClass().getSimpleName());
		}
		Health.Builder builder = switch (health.status()) {
			case UP -> Health.up();
			case DOWN -> Health.down();
			case UNKNOWN -> Health.unknown();
		};
		return builder.withDetails(health.details()).build();
	}

	Health listenerHealth(ListenerContainer container) {
		ListenerStats.Snapshot stats = container.stats().snapshot();
		ListenerContainer.State state = container.state();
		boolean failing = stats.consecutiveFailures() >= this.failingAfter;
		Health.Builder builder;
		if (state == ListenerContainer.State.PAUSED) {
			// Paused on purpose by an operator: not a fault (the state detail says PAUSED).
			builder = Health.up();
		}
		else if (state == ListenerContainer.State.STOPPED && this.ferry.isRunning()) {
			builder = Health.down();
		}
		else if (failing) {
			builder = Health.down();
		}
		else {
			builder = state == ListenerContainer.State.RUNNING ? Health.up() : Health.unknown();
		}
		builder.withDetail("state", state.name())
			.withDetail("destination", container.destination().name())
			.withDetail("consecutiveFailures", stats.consecutiveFailures())
			.withDetail("inFlight", stats.inFlight());
		if (failing) {
			builder.withDetail("failing", "the last " + stats.consecutiveFailures() + " deliveries failed");
		}
		if (stats.lastSuccess() != null) {
			builder.withDetail("lastSuccess", stats.lastSuccess().toString());
		}
		if (stats.lastError() != null) {
			builder.withDetail("lastError", stats.lastError().type() + " at " + stats.lastError().at());
		}
		return builder.build();
	}

}
