package dev.ferry.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.ferry.core.convert.JacksonPayloadConverter;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.destination.DestinationRegistry;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.OutboundMessage;
import dev.ferry.core.publish.BatchPublishResult;
import dev.ferry.core.publish.PayloadTooLargeException;
import dev.ferry.core.publish.PublishException;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.InboundProcessor;
import dev.ferry.core.transport.ReceiveSettings;
import dev.ferry.core.transport.SendResult;
import dev.ferry.core.transport.Subscription;
import dev.ferry.core.transport.Transport;
import dev.ferry.core.transport.TransportCapabilities;
import org.junit.jupiter.api.Test;

class DefaultMessagePublisherTest {

	record Order(String id) {
	}

	private final RecordingTransport transport = new RecordingTransport();

	private final DefaultMessagePublisher publisher = new DefaultMessagePublisher(
			new DestinationRegistry(List.of(Destination.of("orders", "rec", "orders-queue"),
					Destination.of("small", "rec", "small-queue").withMaxMessageBytes(256L))),
			name -> this.transport, new JacksonPayloadConverter());

	@Test
	void addsFerryHeadersAndKeepsUserHeadersAndHints() {
		this.publisher.publish(OutboundMessage.to("orders").id("m-1").payload(new Order("o-1")).header("tenant", "acme")
			.key("k").deduplicationId("d-1").build());

		EncodedMessage sent = this.transport.sent.get(0);
		assertThat(sent.headers().asMap()).containsEntry(FerryHeaders.MESSAGE_ID, "m-1")
			.containsEntry(FerryHeaders.TYPE, Order.class.getName())
			.containsEntry(FerryHeaders.DEDUPLICATION_ID, "d-1")
			.containsEntry("tenant", "acme")
			.doesNotContainKey(FerryHeaders.CONTENT_TYPE);
		assertThat(sent.key()).isEqualTo("k");
		assertThat(new String(sent.body())).isEqualTo("{\"id\":\"o-1\"}");
	}

	@Test
	void oversizeFailsThatEntryOnlyAndNamesDestinationAndLimit() {
		BatchPublishResult result = this.publisher.publishAll(List.of(OutboundMessage.of("small", new Order("ok")),
				OutboundMessage.of("small", "z".repeat(400))));

		assertThat(result.entries().get(0).succeeded()).isTrue();
		assertThat(result.entries().get(1).failure()).isInstanceOf(PayloadTooLargeException.class)
			.hasMessageContaining("'small'")
			.hasMessageContaining("limit is 256 bytes");
		assertThat(this.transport.sent).hasSize(1);
	}

	@Test
	void unknownDestinationThrowsOnPublishAndIsReportedInPublishAll() {
		assertThatThrownBy(() -> this.publisher.publish("nowhere", new Order("x"))).isInstanceOf(PublishException.class)
			.hasMessageContaining("ferry.destinations.nowhere");
		BatchPublishResult result = this.publisher.publishAll(List.of(OutboundMessage.of("nowhere", new Order("x"))));
		assertThat(result.failed()).hasSize(1);
	}

	@Test
	void transportRejectionAndTransportFailureAreReportedPerEntry() {
		this.transport.rejectIds.add("m-2");
		BatchPublishResult result = this.publisher.publishAll(List.of(
				OutboundMessage.to("orders").id("m-1").payload(new Order("1")).build(),
				OutboundMessage.to("orders").id("m-2").payload(new Order("2")).build()));

		assertThat(result.entries().get(0).succeeded()).isTrue();
		assertThat(result.entries().get(1).failure().errorCode()).isEqualTo("Throttled");
		assertThat(result.entries().get(1).failure().isRetryable()).isTrue();
		assertThatThrownBy(result::throwIfAnyFailed).isInstanceOf(PublishException.class).hasMessageContaining("1 of 2");

		this.transport.failWholeSend = true;
		assertThatThrownBy(() -> this.publisher.publish("orders", new Order("3"))).isInstanceOf(PublishException.class)
			.hasMessageContaining("could not send");
	}

	@Test
	void aTransportThatTakesPartsGetsConsecutivePartsInOrderAndEveryEntryItsOwnResult() {
		this.transport.parts = true;
		this.transport.rejectIds.add("m-300");
		List<OutboundMessage> messages = new java.util.ArrayList<>();
		for (int i = 0; i < 600; i++) {
			messages.add(OutboundMessage.to("orders").id("m-" + i).payload(new Order(Integer.toString(i))).build());
		}
		BatchPublishResult result = this.publisher.publishAll(messages);

		assertThat(this.transport.calls).containsExactly(DefaultMessagePublisher.SEND_PART, DefaultMessagePublisher.SEND_PART,
				600 - 2 * DefaultMessagePublisher.SEND_PART);
		assertThat(this.transport.sent).extracting(EncodedMessage::id)
			.containsExactlyElementsOf(messages.stream().map(OutboundMessage::id).filter(id -> !id.equals("m-300")).toList());
		assertThat(result.failed()).singleElement().satisfies(entry -> assertThat(entry.index()).isEqualTo(300));
		assertThat(result.entries().get(599).receipt().transportMessageId()).isEqualTo("t-m-599");
	}

	@Test
	void reservedHeaderNamesAreRefused() {
		assertThatThrownBy(() -> OutboundMessage.to("orders").payload("x").header(FerryHeaders.MESSAGE_ID, "spoof").build())
			.hasMessageContaining("reserved");
	}

	static final class RecordingTransport implements Transport {

		final List<EncodedMessage> sent = new ArrayList<>();

		final List<String> rejectIds = new ArrayList<>();

		boolean failWholeSend;

		boolean parts;

		final List<Integer> calls = new ArrayList<>();

		@Override
		public boolean acceptsSendsInParts(Destination destination) {
			return this.parts;
		}

		@Override
		public String name() {
			return "rec";
		}

		@Override
		public TransportCapabilities capabilities(Destination destination) {
			return new TransportCapabilities(false, false, true, true, false, 10);
		}

		@Override
		public long maxMessageBytes(Destination destination) {
			return 1024;
		}

		@Override
		public CompletableFuture<List<SendResult>> send(Destination destination, List<EncodedMessage> messages) {
			this.calls.add(messages.size());
			if (this.failWholeSend) {
				return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
			}
			List<SendResult> results = new ArrayList<>();
			for (EncodedMessage message : messages) {
				if (this.rejectIds.contains(message.id())) {
					results.add(new SendResult.Rejected(message.id(), "Throttled", "slow down", true, null));
				}
				else {
					this.sent.add(message);
					results.add(new SendResult.Accepted(message.id(), "t-" + message.id(), Map.of()));
				}
			}
			return CompletableFuture.completedFuture(results);
		}

		@Override
		public Subscription subscribe(Destination destination, ReceiveSettings settings, InboundProcessor processor) {
			throw new IllegalStateException("not used");
		}

	}

}
