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
import dev.ferry.core.publish.BatchPublishResult;
import dev.ferry.core.publish.MessagePublisher;
import dev.ferry.core.publish.PayloadTooLargeException;
import dev.ferry.core.publish.PublishEntryResult;
import dev.ferry.core.publish.PublishException;
import dev.ferry.core.publish.PublishReceipt;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Transport;

/**
 * Ferry's {@link MessagePublisher}: resolves each logical destination, converts the payload, adds
 * Ferry's headers, checks the size against the destination's limit, and hands messages to the
 * transport grouped per destination so the transport can batch them on the wire. Failures of
 * single entries never fail the others.
 */
final class DefaultMessagePublisher implements MessagePublisher {

	private final DestinationRegistry destinations;

	private final Function<String, Transport> transports;

	private final PayloadConverter converter;

	DefaultMessagePublisher(DestinationRegistry destinations, Function<String, Transport> transports,
			PayloadConverter converter) {
		this.destinations = destinations;
		this.transports = transports;
		this.converter = converter;
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
		return publishAllAsync(messages).join();
	}

	private CompletableFuture<BatchPublishResult> publishAllAsync(List<OutboundMessage> messages) {
		PublishEntryResult[] results = new PublishEntryResult[messages.size()];
		Map<String, List<Integer>> byDestination = new LinkedHashMap<>();
		for (int i = 0; i < messages.size(); i++) {
			byDestination.computeIfAbsent(messages.get(i).destination(), name -> new ArrayList<>()).add(i);
		}
		List<CompletableFuture<Void>> sends = new ArrayList<>();
		for (Map.Entry<String, List<Integer>> group : byDestination.entrySet()) {
			sends.add(send(group.getKey(), group.getValue(), messages, results));
		}
		return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
			.thenApply(done -> new BatchPublishResult(List.of(results)));
	}

	private CompletableFuture<Void> send(String name, List<Integer> indexes, List<OutboundMessage> messages,
			PublishEntryResult[] results) {
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
			return CompletableFuture.completedFuture(null);
		}
		long limit = destination.maxMessageBytes() != null ? destination.maxMessageBytes()
				: transport.maxMessageBytes(destination);
		boolean nativeDeduplication = transport.capabilities(destination).deduplication();
		List<Integer> toSend = new ArrayList<>(indexes.size());
		List<EncodedMessage> encoded = new ArrayList<>(indexes.size());
		for (int index : indexes) {
			OutboundMessage message = messages.get(index);
			try {
				EncodedMessage wire = encode(message, nativeDeduplication);
				long size = transport.sizeOf(wire);
				if (size > limit) {
					results[index] = failure(index, message,
							new PayloadTooLargeException(name, transport.name(), size, limit));
					continue;
				}
				toSend.add(index);
				encoded.add(wire);
			}
			catch (RuntimeException ex) {
				results[index] = failure(index, message, new PublishException("Payload of message " + message.id()
						+ " for '" + name + "' could not be converted: " + ex.getMessage(), name, "ConversionFailed",
						false, ex));
			}
		}
		if (encoded.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<List<SendResult>> sent;
		try {
			sent = transport.send(destination, encoded);
		}
		catch (RuntimeException ex) {
			sent = CompletableFuture.failedFuture(ex);
		}
		return sent.handle((sendResults, error) -> {
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
			return null;
		});
	}

	private EncodedMessage encode(OutboundMessage message, boolean nativeDeduplication) {
		PayloadConverter.Encoded payload = this.converter.encode(message.payload());
		Map<String, String> headers = new LinkedHashMap<>(message.headers().asMap());
		headers.put(FerryHeaders.MESSAGE_ID, message.id());
		headers.put(FerryHeaders.TYPE, payload.typeId());
		if (!payload.contentType().equals("application/json")) {
			headers.put(FerryHeaders.CONTENT_TYPE, payload.contentType());
		}
		if (message.deduplicationId() != null && !nativeDeduplication) {
			headers.put(FerryHeaders.DEDUPLICATION_ID, message.deduplicationId());
		}
		return new EncodedMessage(message.id(), payload.body(), Headers.of(headers), message.key(),
				message.deduplicationId(), message.delay());
	}

	private static PublishEntryResult failure(int index, OutboundMessage message, PublishException failure) {
		return new PublishEntryResult(index, message, null, failure);
	}

}
