package dev.ferry.core.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.DestinationRegistry;
import dev.ferry.core.outbox.Outbox;
import dev.ferry.core.outbox.OutboxEntry;
import dev.ferry.core.outbox.OutboxOptions;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Transport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the {@link Outbox} holds: one background thread runs relay rounds, each handing up to
 * a batch of committed entries to the destinations' transports, the entries of one destination in
 * one {@link Transport#send} call (so the transport batches them on the wire and keeps their
 * order per key, as for {@code publishAll}). The outbox removes what was accepted in the same
 * round. A round runs again at once while rounds come back full, otherwise after a commit of this
 * instance or the poll interval; after a failed send it waits the poll interval, so a broken
 * transport is not hammered.
 */
final class OutboxRelay {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final Outbox outbox;

	private final OutboxOptions options;

	private final DestinationRegistry destinations;

	private final Function<String, Transport> transports;

	private final Object signal = new Object();

	private boolean nudged;

	private volatile boolean running;

	private volatile boolean sendFailed;

	private @Nullable Thread thread;

	OutboxRelay(Outbox outbox, OutboxOptions options, DestinationRegistry destinations,
			Function<String, Transport> transports) {
		this.outbox = outbox;
		this.options = options;
		this.destinations = destinations;
		this.transports = transports;
	}

	Outbox outbox() {
		return this.outbox;
	}

	synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread relay = new Thread(this::run, "ferry-outbox-relay");
		relay.setDaemon(true);
		relay.start();
		this.thread = relay;
	}

	/** Stops after the current round; its sends are answered or time out first. */
	synchronized void stop() {
		this.running = false;
		Thread relay = this.thread;
		if (relay != null) {
			wake();
			try {
				relay.join(this.options.sendTimeout().toMillis() + 5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
		}
	}

	/** Runs a round soon: called after a transaction that appended entries committed. */
	void wake() {
		synchronized (this.signal) {
			this.nudged = true;
			this.signal.notifyAll();
		}
	}

	/** One relay round; returns how many entries it handed to the transports. */
	int relayOnce() {
		this.sendFailed = false;
		return this.outbox.relay(this.options.batchSize(), this::send);
	}

	private void run() {
		while (this.running) {
			int sent;
			try {
				sent = relayOnce();
			}
			catch (RuntimeException ex) {
				logger.warn("Outbox relay round failed, trying again in {}: {}", this.options.pollInterval(),
						ex.toString());
				sent = 0;
				this.sendFailed = true;
			}
			if (sent < this.options.batchSize() || this.sendFailed) {
				await(this.sendFailed);
			}
		}
	}

	private void await(boolean ignoreNudges) {
		long deadline = System.nanoTime() + this.options.pollInterval().toNanos();
		synchronized (this.signal) {
			if (ignoreNudges) {
				this.nudged = false;
			}
			while (this.running && !this.nudged) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.signal, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.running = false;
				}
			}
			this.nudged = false;
		}
	}

	/** Sends one round's entries, one transport call per destination, and returns a result per entry. */
	private List<SendResult> send(List<OutboxEntry> entries) {
		SendResult[] results = new SendResult[entries.size()];
		Map<String, List<Integer>> byDestination = new LinkedHashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			byDestination.computeIfAbsent(entries.get(i).destination(), name -> new ArrayList<>()).add(i);
		}
		Map<List<Integer>, CompletableFuture<List<SendResult>>> sends = new LinkedHashMap<>();
		for (Map.Entry<String, List<Integer>> group : byDestination.entrySet()) {
			List<Integer> indexes = group.getValue();
			Destination destination;
			Transport transport;
			try {
				destination = this.destinations.get(group.getKey());
				transport = this.transports.apply(destination.transport());
			}
			catch (FerryConfigurationException ex) {
				for (int index : indexes) {
					results[index] = new SendResult.Rejected(entries.get(index).message().id(), "UnknownDestination",
							ex.getMessage(), false, ex);
				}
				continue;
			}
			List<EncodedMessage> messages = indexes.stream().map(index -> entries.get(index).message()).toList();
			try {
				sends.put(indexes, transport.send(destination, messages));
			}
			catch (RuntimeException ex) {
				sends.put(indexes, CompletableFuture.failedFuture(ex));
			}
		}
		long deadline = System.nanoTime() + this.options.sendTimeout().toNanos();
		for (Map.Entry<List<Integer>, CompletableFuture<List<SendResult>>> send : sends.entrySet()) {
			List<Integer> indexes = send.getKey();
			List<SendResult> answered = null;
			Throwable failure = null;
			try {
				answered = send.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (answered.size() != indexes.size()) {
					failure = new IllegalStateException("transport answered " + answered.size() + " results for "
							+ indexes.size() + " messages");
				}
			}
			catch (ExecutionException ex) {
				failure = ex.getCause();
			}
			catch (TimeoutException ex) {
				failure = ex;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failure = ex;
			}
			for (int i = 0; i < indexes.size(); i++) {
				int index = indexes.get(i);
				results[index] = failure != null || answered == null
						? new SendResult.Rejected(entries.get(index).message().id(), "TransportFailure",
								String.valueOf(failure), true, failure)
						: answered.get(i);
			}
		}
		if (Arrays.stream(results).anyMatch(result -> result instanceof SendResult.Rejected)) {
			this.sendFailed = true;
		}
		return Arrays.asList(results);
	}

}
