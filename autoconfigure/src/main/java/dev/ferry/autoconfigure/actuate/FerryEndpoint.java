package dev.ferry.autoconfigure.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.deadletter.RedriveService;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerContainer;
import dev.ferry.core.engine.ListenerStats;
import dev.ferry.core.hardening.Finding;
import dev.ferry.core.hardening.HardeningReport;
import dev.ferry.core.hardening.SuppressedFinding;
import dev.ferry.core.transport.Backlog;
import dev.ferry.core.transport.Transport;
import dev.ferry.core.transport.TransportCapabilities;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/ferry}: what Ferry runs and what it found, and the few actions an operator needs
 * without a redeploy. Like every Actuator endpoint it is exposed over HTTP only when the
 * application exposes it ({@code management.endpoints.web.exposure.include=ferry}).
 *
 * <ul>
 * <li>{@code GET /actuator/ferry}: destinations (logical name, transport, resource, capabilities,
 * backlog and dead-letter depth), listeners (state, concurrency, in flight, counts by outcome, last
 * error), the start-up hardening report.</li>
 * <li>{@code POST /actuator/ferry/listeners/{id}} with {@code {"action":"pause"}} or
 * {@code "resume"}.</li>
 * <li>{@code POST /actuator/ferry/destinations/{name}} with {@code {"action":"redrive"}} and an
 * optional {@code "ratePerSecond"}: moves the destination's dead letters back to it.</li>
 * </ul>
 *
 * <p>Nothing here shows payloads, credentials or connection strings; error texts are the first
 * 200 characters of an exception message at most.
 */
@Endpoint(id = "ferry")
public class FerryEndpoint {

	private static final Logger logger = LoggerFactory.getLogger(FerryEndpoint.class);

	private final Ferry ferry;

	private final Duration redriveTimeout;

	/**
	 * @param ferry the running Ferry
	 * @param redriveTimeout longest wait for a redrive's answer
	 */
	public FerryEndpoint(Ferry ferry, Duration redriveTimeout) {
		this.ferry = ferry;
		this.redriveTimeout = redriveTimeout;
	}

	@ReadOperation
	public Map<String, Object> ferry() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("running", this.ferry.isRunning());
		body.put("destinations", destinations());
		body.put("listeners", this.ferry.containers().stream().map(FerryEndpoint::listener).toList());
		body.put("hardening", this.ferry.hardeningReport().map(FerryEndpoint::hardening).orElse(Map.of("ran", false)));
		return body;
	}

	/**
	 * Acts on a listener ({@code kind = listeners}: pause, resume) or a destination
	 * ({@code kind = destinations}: redrive).
	 */
	@WriteOperation
	public Map<String, Object> act(@Selector String kind, @Selector String name, String action,
			@Nullable Integer ratePerSecond) {
		return switch (kind) {
			case "listeners" -> listenerAction(name, action);
			case "destinations" -> destinationAction(name, action, ratePerSecond != null ? ratePerSecond : 0);
			default -> throw new IllegalArgumentException("Unknown kind '" + kind + "': use listeners or destinations");
		};
	}

	private Map<String, Object> listenerAction(String id, String action) {
		ListenerContainer container = this.ferry.container(id)
			.orElseThrow(() -> new IllegalArgumentException("No listener with id '" + id + "'"));
		switch (action) {
			case "pause" -> container.pause();
			case "resume" -> container.resume();
			default -> throw new IllegalArgumentException("Unknown listener action '" + action + "': use pause or resume");
		}
		logger.info("Listener {} {}d through the ferry endpoint", id, action);
		return Map.of("listener", id, "state", container.state().name());
	}

	private Map<String, Object> destinationAction(String name, String action, int ratePerSecond) {
		if (!"redrive".equals(action)) {
			throw new IllegalArgumentException("Unknown destination action '" + action + "': use redrive");
		}
		Destination destination = this.ferry.destinations().get(name);
		Transport transport = this.ferry.transportOf(destination);
		if (!(transport instanceof RedriveService redrive)) {
			throw new FerryConfigurationException("Transport '" + transport.name() + "' of destination '" + name
					+ "' cannot redrive dead letters");
		}
		try {
			String handle = redrive.redrive(name, ratePerSecond).get(this.redriveTimeout.toMillis(), TimeUnit.MILLISECONDS);
			logger.info("Redrive of {}/{} started: {}", transport.name(), name, handle);
			return Map.of("destination", name, "action", "redrive", "result", handle);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting the redrive of " + name, ex);
		}
		catch (Exception ex) {
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			throw new IllegalStateException("Redrive of " + name + " failed: " + cause.getMessage(), cause);
		}
	}

	private List<Map<String, Object>> destinations() {
		List<Map<String, Object>> destinations = new ArrayList<>();
		for (Destination destination : this.ferry.destinations().all()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", destination.name());
			entry.put("transport", destination.transport());
			entry.put("resource", destination.resource());
			Transport transport = this.ferry.transportOf(destination);
			TransportCapabilities capabilities = transport.capabilities(destination);
			entry.put("capabilities", Map.of("orderedPerKey", capabilities.orderedPerKey(), "nativeDeadLetter",
					capabilities.nativeDeadLetter(), "redeliveryDelay", capabilities.redeliveryDelay(), "publishDelay",
					capabilities.publishDelay(), "deduplication", capabilities.deduplication(), "maxBatchSize",
					capabilities.maxBatchSize()));
			entry.put("backlog", backlog(() -> transport.backlog(destination)));
			entry.put("deadLetters", backlog(() -> transport.deadLetterBacklog(destination)));
			destinations.add(entry);
		}
		return destinations;
	}

	private static Object backlog(java.util.function.Supplier<Optional<Backlog>> read) {
		try {
			return read.get().<Object>map(FerryEndpoint::backlog).orElse("unknown");
		}
		catch (RuntimeException ex) {
			// A missing queue or an unreachable backend must not break the whole endpoint.
			return Map.of("error", ex.getClass().getSimpleName());
		}
	}

	private static Map<String, Object> backlog(Backlog backlog) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("visible", backlog.visible());
		entry.put("inFlight", backlog.inFlight());
		entry.put("delayed", backlog.delayed());
		if (!backlog.millisBehindLatest().isEmpty()) {
			entry.put("millisBehindLatest", backlog.millisBehindLatest());
		}
		if (!backlog.partitions().isEmpty()) {
			entry.put("partitions", backlog.partitions().stream()
				.map(lag -> Map.of("group", lag.group(), "partition", lag.partition(), "lag", lag.lag()))
				.toList());
		}
		return entry;
	}

	private static Map<String, Object> listener(ListenerContainer container) {
		ListenerStats.Snapshot stats = container.stats().snapshot();
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("id", container.id());
		entry.put("destination", container.destination().name());
		entry.put("state", container.state().name());
		entry.put("concurrency", container.definition().concurrency());
		entry.put("batch", container.definition().isBatch());
		entry.put("inFlight", stats.inFlight());
		entry.put("counts", Map.of("ack", stats.acked(), "duplicate", stats.duplicates(), "retry", stats.retried(),
				"reject", stats.rejected()));
		entry.put("consecutiveFailures", stats.consecutiveFailures());
		if (stats.lastSuccess() != null) {
			entry.put("lastSuccess", stats.lastSuccess().toString());
		}
		if (stats.lastError() != null) {
			entry.put("lastError", Map.of("at", stats.lastError().at().toString(), "type", stats.lastError().type(),
					"message", stats.lastError().message()));
		}
		return entry;
	}

	private static Map<String, Object> hardening(HardeningReport report) {
		List<Map<String, Object>> findings = new ArrayList<>();
		for (Finding finding : report.findings()) {
			findings.add(Map.of("id", finding.id(), "severity", finding.severity().name(), "resource",
					finding.resource(), "problem", finding.problem(), "fix", finding.fix(), "doc", finding.docUrl()));
		}
		// accepted findings are shown too, with the reason: a suppression never hides a finding
		List<Map<String, Object>> suppressed = new ArrayList<>();
		for (SuppressedFinding accepted : report.suppressed()) {
			Finding finding = accepted.finding();
			suppressed.add(Map.of("id", finding.id(), "severity", finding.severity().name(), "resource",
					finding.resource(), "problem", finding.problem(), "reason", accepted.suppression().reason()));
		}
		return Map.of("ran", true, "findings", findings, "suppressed", suppressed);
	}

}
