package dev.ferry.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.convert.PayloadConverter;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.DestinationRegistry;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.observation.TracePropagation;
import dev.ferry.core.publish.BatchPublishResult;
import dev.ferry.core.publish.MessagePublisher;
import dev.ferry.core.publish.PayloadTooLargeException;
import dev.ferry.core.publish.PublishEntryResult;
import dev.ferry.core.publish.PublishException;
import dev.ferry.core.publish.PublishReceipt;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Transport;
import org.jspecify.annotations.Nullable;

/**
 * Ferry's {@link MessagePublisher}: resolves each logical destination, converts the payload, adds
 * Ferry's headers, checks the size against the destination's limit, and hands messages to the
 * transport grouped per destination so the transport can batch them on the wire. Failures of
 * single entries never fail the others.
 *
 * <p>Each message is published inside a {@link TracePropagation#publish publication}: the trace
 * headers it yields are added before encoding, except those the application set itself.
 *
 * <p>With an outbox, messages published while a transaction on the outbox's database is active
 * go, fully encoded and size-checked, into the outbox in that transaction instead of to the
 * transport; the relay sends them after the commit, and a rollback discards them. Their receipts
 * carry {@value #OUTBOX_ID} as transport message id: the transport's id is known only later.
 */
final class DefaultMessagePublisher implements MessagePublisher {

	private final DestinationRegistry destinations;

	private final Function<String, Transport> transports;

	private final PayloadConverter converter;

	/**
	 * Messages converted before they are handed to a transport that {@linkplain Transport#acceptsSendsInParts
	 * takes consecutive parts} (Ferry's choice: large enough that the per-call cost vanishes, small
	 * enough that the transport starts sending within a fraction of a millisecond).
	 */
	static final int SEND_PART = 256;

	/** Transport message id of a receipt for a message stored in the outbox. */
	static final String OUTBOX_ID = "outbox";

	private final TracePropagation tracing;

	private final @Nullable OutboxRelay outbox;

	DefaultMessagePublisher(DestinationRegistry destinations, Function<String, Transport> transports,
			PayloadConverter converter) {
		this(destinations, transports, converter, TracePropagation.none());
	}

	DefaultMessagePublisher(DestinationRegistry destinations, Function<String, Transport> transports,
			PayloadConverter converter, TracePropagation tracing) {
		this(destinations, transports, converter, tracing, null);
	}

	DefaultMessagePublisher(DestinationRegistry destinations, Function<String, Transport> transports,
			PayloadConverter converter, TracePropagation tracing, @Nullable OutboxRelay outbox) {
		this.outbox = outbox;
		this.destinations = destinations;
		this.transports = transports;
		this.converter = converter;
		this.tracing = tracing;
	}

	@Override
	public PublishReceipt publish(OutboundMessage message) {
		try {
			return publishAsync(message).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof PublishException publishException) {
				throw publishException;
			}
			throw new PublishException("Publishing to '" + message.destination() + "' failed: " + ex.getCause(),
					message.destination(), "Unexpected", false, ex.getCause());
		}
	}

	@Override
	public CompletableFuture<PublishReceipt> publishAsync(OutboundMessage message) {
		return publishAllAsync(List.of(message)).thenApply(result -> {
			PublishEntryResult entry = result.entries().get(0);
			if (entry.failure() != null) {
				throw new CompletionException(entry.failure());
			}
			return entry.receipt();
		});
	}

	@Override
	public BatchPublishResult publishAll(List<OutboundMessage> messages) {
		PublishEntryResult[] results = new PublishEntryResult[messages.size()];
		// The results of each part are read here, on the publishing thread, which would wait anyway:
		// chained to the transport's future they would run on whatever thread completes it, for
		// Kafka the producer's single network thread, holding up its sending.
		for (Part part : sendAll(messages, results)) {
			List<SendResult> sendResults = null;
			Throwable error = null;
			try {
				sendResults = part.sent().join();
			}
			catch (CompletionException | java.util.concurrent.CancellationException ex) {
				error = ex;
			}
			part.settle().accept(sendResults, error);
		}
		return new BatchPublishResult(List.of(results));
	}

	private CompletableFuture<BatchPublishResult> publishAllAsync(List<OutboundMessage> messages) {
		PublishEntryResult[] results = new PublishEntryResult[messages.size()];
		CompletableFuture<?>[] settled = sendAll(messages, results).stream()
			.map(part -> part.sent().handle((sendResults, error) -> {
				part.settle().accept(sendResults, error);
				return null;
			}))
			.toArray(CompletableFuture[]::new);
		return CompletableFuture.allOf(settled).thenApply(done -> new BatchPublishResult(List.of(results)));
	}

	/** Hands every message to its destination's transport; what was settled at once is in {@code results}. */
	private List<Part> sendAll(List<OutboundMessage> messages, PublishEntryResult[] results) {
		Map<String, List<Integer>> byDestination = new LinkedHashMap<>();
		for (int i = 0; i < messages.size(); i++) {
			byDestination.computeIfAbsent(messages.get(i).destination(), name -> new ArrayList<>()).add(i);
		}
		List<Part> parts = new ArrayList<>();
		for (Map.Entry<String, List<Integer>> group : byDestination.entrySet()) {
			send(group.getKey(), group.getValue(), messages, results, parts);
		}
		return parts;
	}

	private void send(String name, List<Integer> indexes, List<OutboundMessage> messages,
			PublishEntryResult[] results, List<Part> parts) {
		Destination destination;
		Transport transport;
		try {
			destination = this.destinations.get(name);
			transport = this.transports.apply(destination.transport());
		}
		catch (FerryConfigurationException ex) {
			for (int index : indexes) {
				results[index] = failure(index, messages.get(index),
						new PublishException(ex.getMessage(), name, "UnknownDestination", false, ex));
			}
			return;
		}
		long limit = destination.maxMessageBytes() != null ? destination.maxMessageBytes()
				: transport.maxMessageBytes(destination);
		boolean nativeDeduplication = transport.capabilities(destination).deduplication();
		boolean inTransaction = this.outbox != null && this.outbox.outbox().isTransactionActive();
		// a transport that takes consecutive parts sends the first while the rest is still converted
		int part = !inTransaction && transport.acceptsSendsInParts(destination) ? SEND_PART : Math.max(indexes.size(), 1);
		for (int from = 0; from < indexes.size(); from += part) {
			Part sent = send(name, destination, transport, limit, nativeDeduplication, inTransaction,
					indexes.subList(from, Math.min(from + part, indexes.size())), messages, results);
			if (sent != null) {
				parts.add(sent);
			}
		}
	}

	/** Sends one part; null when nothing of it went to the transport (all rejected, or to the outbox). */
	private @Nullable Part send(String name, Destination destination, Transport transport, long limit,
			boolean nativeDeduplication, boolean inTransaction, List<Integer> indexes, List<OutboundMessage> messages,
			PublishEntryResult[] results) {
		List<Integer> toSend = new ArrayList<>(indexes.size());
		List<EncodedMessage> encoded = new ArrayList<>(indexes.size());
		List<TracePropagation.Publication> publications = new ArrayList<>(indexes.size());
		for (int index : indexes) {
			OutboundMessage message = messages.get(index);
			TracePropagation.Publication publication = this.tracing.publish(name, transport.name());
			try {
				EncodedMessage wire = encode(message, nativeDeduplication, publication.inject());
				long size = transport.sizeOf(wire);
				if (size > limit) {
					results[index] = failure(index, message,
							new PayloadTooLargeException(name, transport.name(), size, limit));
					publication.stop(TracePropagation.REJECTED, results[index].failure());
					continue;
				}
				toSend.add(index);
				encoded.add(wire);
				publications.add(publication);
			}
			catch (RuntimeException ex) {
				results[index] = failure(index, message, new PublishException("Payload of message " + message.id()
						+ " for '" + name + "' could not be converted: " + ex.getMessage(), name, "ConversionFailed",
						false, ex));
				publication.stop(TracePropagation.REJECTED, ex);
			}
		}
		if (encoded.isEmpty()) {
			return null;
		}
		if (inTransaction) {
			store(name, toSend, encoded, publications, messages, results);
			return null;
		}
		CompletableFuture<List<SendResult>> sent;
		try {
			sent = transport.send(destination, encoded);
		}
		catch (RuntimeException ex) {
			sent = CompletableFuture.failedFuture(ex);
		}
		return new Part(sent, (sendResults, error) -> {
			for (int i = 0; i < toSend.size(); i++) {
				int index = toSend.get(i);
				OutboundMessage message = messages.get(index);
				if (error != null || sendResults == null || sendResults.size() != toSend.size()) {
					Throwable cause = error instanceof CompletionException ? error.getCause() : error;
					results[index] = failure(index, message, new PublishException("Transport " + transport.name()
							+ " could not send to '" + name + "': " + (cause != null ? cause : "result count mismatch"),
							name, "TransportFailure", true, cause));
					continue;
				}
				SendResult result = sendResults.get(i);
				if (result instanceof SendResult.Accepted accepted) {
					results[index] = new PublishEntryResult(index, message,
							new PublishReceipt(message.id(), name, accepted.transportMessageId(), accepted.metadata()), null);
				}
				else if (result instanceof SendResult.Rejected rejected) {
					results[index] = failure(index, message,
							new PublishException("Message " + message.id() + " was not accepted by " + transport.name()
									+ " for '" + name + "': " + rejected.errorCode() + " " + rejected.reason(), name,
									rejected.errorCode(), rejected.retryable(), rejected.cause()));
				}
			}
			for (int i = 0; i < toSend.size(); i++) {
				PublishEntryResult entry = results[toSend.get(i)];
				boolean accepted = entry != null && entry.failure() == null;
				publications.get(i).stop(accepted ? TracePropagation.ACCEPTED : TracePropagation.REJECTED,
						entry != null ? entry.failure() : null);
			}
		});
	}

	/** Messages handed to a transport in one call, and what turns its answer into their results. */
	private record Part(CompletableFuture<List<SendResult>> sent,
			java.util.function.BiConsumer<@Nullable List<SendResult>, @Nullable Throwable> settle) {
	}

	/** Appends to the outbox in the caller's transaction; every entry succeeds or fails together. */
	private void store(String name, List<Integer> toSend, List<EncodedMessage> encoded,
			List<TracePropagation.Publication> publications, List<OutboundMessage> messages,
			PublishEntryResult[] results) {
		OutboxRelay relay = this.outbox;
		PublishException failure = null;
		try {
			relay.outbox().append(name, encoded, relay::wake);
		}
		catch (RuntimeException ex) {
			failure = new PublishException("Messages for '" + name + "' could not be stored in the outbox: "
					+ ex.getMessage(), name, "OutboxFailure", false, ex);
		}
		for (int i = 0; i < toSend.size(); i++) {
			int index = toSend.get(i);
			OutboundMessage message = messages.get(index);
			results[index] = failure != null ? failure(index, message, failure) : new PublishEntryResult(index, message,
					new PublishReceipt(message.id(), name, OUTBOX_ID, Map.of()), null);
			publications.get(i).stop(failure == null ? TracePropagation.ACCEPTED : TracePropagation.REJECTED, failure);
		}
	}

	private EncodedMessage encode(OutboundMessage message, boolean nativeDeduplication, Map<String, String> trace) {
		PayloadConverter.Encoded payload = this.converter.encode(message.payload());
		Headers.Builder headers = Headers.builder(message.headers());
		// trace headers the application set itself (to continue another trace) win
		trace.forEach(headers::putIfAbsent);
		headers.put(FerryHeaders.MESSAGE_ID, message.id());
		headers.put(FerryHeaders.TYPE, payload.typeId());
		if (!payload.contentType().equals("application/json")) {
			headers.put(FerryHeaders.CONTENT_TYPE, payload.contentType());
		}
		if (message.deduplicationId() != null && !nativeDeduplication) {
			headers.put(FerryHeaders.DEDUPLICATION_ID, message.deduplicationId());
		}
		return new EncodedMessage(message.id(), payload.body(), headers.build(), message.key(),
				message.deduplicationId(), message.delay());
	}

	private static PublishEntryResult failure(int index, OutboundMessage message, PublishException failure) {
		return new PublishEntryResult(index, message, null, failure);
	}

}
