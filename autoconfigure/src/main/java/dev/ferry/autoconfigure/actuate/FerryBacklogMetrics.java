package dev.ferry.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerContainer;
import dev.ferry.core.transport.Backlog;
import dev.ferry.autoconfigure.MessagingSystem;
import dev.ferry.core.transport.Transport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Backlog gauges, refreshed on an interval by one background thread — never per message, so a busy
 * listener pays nothing and the backend sees a few cheap calls per interval:
 * <ul>
 * <li>{@value #BACKLOG} tagged {@code messaging.destination.name}, {@code queue} ({@code main} or
 * {@code dead_letter}) and {@code state} ({@code visible}, {@code in_flight}, {@code delayed}): SQS's
 * approximate counts, the in-memory queue's, and records kept in a Kafka dead-letter topic;</li>
 * <li>{@value #LAG} per Kafka consumer group and partition;</li>
 * <li>{@value #BEHIND} per Kinesis listener and shard (MillisBehindLatest of its last batch);</li>
 * <li>{@value #IN_FLIGHT} per listener, read live.</li>
 * </ul>
 * A count the transport cannot tell is not registered; a failed refresh keeps the last values and
 * is logged at DEBUG (health reports backend outages).
 */
public final class FerryBacklogMetrics implements SmartLifecycle {

	public static final String BACKLOG = "ferry.backlog.messages";

	public static final String LAG = "ferry.consumer.lag";

	public static final String IN_FLIGHT = "ferry.listener.in.flight";

	/** Kinesis: milliseconds a listener's shard consumer is behind the tip of the shard. */
	public static final String BEHIND = "ferry.consumer.behind.latest";

	private static final Logger logger = LoggerFactory.getLogger(FerryBacklogMetrics.class);

	private final Ferry ferry;

	private final MeterRegistry registry;

	private final Duration interval;

	private final Map<Tags, AtomicLong> values = new ConcurrentHashMap<>();

	private final Map<String, Boolean> listenerGauges = new ConcurrentHashMap<>();

	private volatile ScheduledExecutorService scheduler;

	FerryBacklogMetrics(Ferry ferry, MeterRegistry registry, Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("ferry.operations.backlog-interval must be positive, was " + interval);
		}
		this.ferry = ferry;
		this.registry = registry;
		this.interval = interval;
	}

	/** Reads every destination's backlog once and updates the gauges. */
	void refresh() {
		for (ListenerContainer container : this.ferry.containers()) {
			this.listenerGauges.computeIfAbsent(container.id(), id -> {
				Gauge.builder(IN_FLIGHT, container, listener -> listener.stats().snapshot().inFlight())
					.description("Messages in a Ferry listener's pipeline now")
					.tag("messaging.consumer.group.name", id)
					.tag("messaging.destination.name", container.destination().name())
					.register(this.registry);
				return Boolean.TRUE;
			});
		}
		for (Destination destination : this.ferry.destinations().all()) {
			Transport transport = this.ferry.transportOf(destination);
			Tags base = Tags.of("messaging.system", MessagingSystem.of(destination.transport()),
					"messaging.destination.name", destination.name());
			read(destination, "main", () -> transport.backlog(destination))
				.ifPresent(backlog -> update(base.and("queue", "main"), backlog));
			read(destination, "dead_letter", () -> transport.deadLetterBacklog(destination))
				.ifPresent(backlog -> update(base.and("queue", "dead_letter"), backlog));
		}
	}

	private Optional<Backlog> read(Destination destination, String queue, Supplier<Optional<Backlog>> reader) {
		try {
			return reader.get();
		}
		catch (RuntimeException ex) {
			logger.debug("Backlog of {}/{} ({}) not read: {}", destination.transport(), destination.name(), queue,
					ex.toString());
			return Optional.empty();
		}
	}

	void update(Tags tags, Backlog backlog) {
		set(BACKLOG, tags.and("state", "visible"), backlog.visible());
		set(BACKLOG, tags.and("state", "in_flight"), backlog.inFlight());
		set(BACKLOG, tags.and("state", "delayed"), backlog.delayed());
		backlog.millisBehindLatest().forEach((consumer, millis) -> {
			int slash = consumer.indexOf('/');
			set(BEHIND, tags.and("messaging.consumer.group.name", consumer.substring(0, Math.max(slash, 0)),
					"messaging.destination.partition.id", consumer.substring(slash + 1)), millis);
		});
		for (Backlog.PartitionLag lag : backlog.partitions()) {
			set(LAG, tags.and("messaging.consumer.group.name", lag.group(), "messaging.destination.partition.id",
					String.valueOf(lag.partition())), lag.lag());
		}
	}

	private void set(String name, Tags tags, long value) {
		if (value < 0) {
			return;
		}
		this.values.computeIfAbsent(tags.and("meter", name), key -> {
			AtomicLong holder = new AtomicLong();
			Gauge.builder(name, holder, AtomicLong::get)
				.description(BACKLOG.equals(name) ? "Messages waiting in a Ferry destination or its dead-letter queue"
						: BEHIND.equals(name) ? "Milliseconds a Ferry listener is behind the tip of a Kinesis shard"
								: "Consumer lag of a Ferry listener's group on one partition")
				.tags(tags)
				.register(this.registry);
			return holder;
		}).set(value);
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "ferry-backlog-metrics");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::safeRefresh, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.scheduler = executor;
	}

	private void safeRefresh() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			logger.debug("Backlog refresh failed: {}", ex.toString());
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.scheduler;
		if (executor != null) {
			executor.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/** After Ferry's own lifecycle, so destinations are prepared before the first read. */
	@Override
	public int getPhase() {
		return dev.ferry.autoconfigure.FerryLifecycle.PHASE + 1;
	}

	List<String> meterNames() {
		return List.of(BACKLOG, LAG, IN_FLIGHT, BEHIND);
	}

}
