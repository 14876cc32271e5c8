package dev.ferry.transport.sqs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.publish.PayloadTooLargeException;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import static org.assertj.core.api.Assertions.assertThat;

class SqsPublishTest {

	private final ElasticMq sqs = ElasticMq.get();

	private final SqsTransport transport = new SqsTransport(this.sqs.client());

	static EncodedMessage message(String body, Map<String, String> headers) {
		String id = UUID.randomUUID().toString();
		return new EncodedMessage(id, body.getBytes(StandardCharsets.UTF_8),
				Headers.of(headers).with(FerryHeaders.MESSAGE_ID, id), null, null, Duration.ZERO);
	}

	@Test
	void sendsInBatchesOfTenWithOneResultPerMessageInOrder() {
		String url = this.sqs.createQueue("publish-batches", Map.of());
		Destination destination = Destination.of("orders", "sqs", "publish-batches");
		List<EncodedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			messages.add(message("{\"n\":" + i + "}", Map.of("tenant", "t" + i)));
		}
		RecordingInterceptor wire = new RecordingInterceptor();
		List<SendResult> results;
		try (SqsAsyncClient client = this.sqs.clientWith(wire)) {
			results = new SqsTransport(client).send(destination, messages).join();
		}
		assertThat(results).hasSize(25).allMatch(SendResult.Accepted.class::isInstance);
		// 25 messages go as SendMessageBatch calls of 10, 10 and 5 entries, and nothing one by one
		assertThat(wire.requests(SendMessageBatchRequest.class)).extracting(request -> request.entries().size())
			.containsExactly(10, 10, 5);
		assertThat(wire.requests(SendMessageRequest.class)).isEmpty();
		// accepted means SQS has it: counted at once, no waiting (Spring Cloud AWS pitfall: success before sending)
		assertThat(this.sqs.approximateCount(url)).isEqualTo(25);
		for (int i = 0; i < 25; i++) {
			assertThat(results.get(i).messageId()).isEqualTo(messages.get(i).id());
		}
		List<Message> received = this.sqs.drain(url, 25);
		assertThat(received).hasSize(25);
		Message first = received.stream().filter(m -> m.body().equals("{\"n\":3}")).findFirst().orElseThrow();
		assertThat(first.messageAttributes().get("tenant").stringValue()).isEqualTo("t3");
		assertThat(first.messageAttributes().get(FerryHeaders.MESSAGE_ID).stringValue()).isEqualTo(messages.get(3).id());
	}

	@Test
	void throttledEntriesOfABatchAndOnlyThoseAreSentAgain() {
		String url = this.sqs.createQueue("publish-throttled", Map.of());
		Destination destination = Destination.of("throttled", "sqs", "publish-throttled");
		List<EncodedMessage> messages = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			messages.add(message("{\"n\":" + i + "}", Map.of()));
		}
		// ElasticMQ never throttles: the first SendMessageBatch keeps entries 1 and 4 off the wire and
		// answers them as SQS does when it throttles entries (RequestThrottled, sender fault).
		ExecutionAttribute<List<String>> throttled = new ExecutionAttribute<>("throttled");
		AtomicBoolean first = new AtomicBoolean(true);
		ExecutionInterceptor throttleTwo = new ExecutionInterceptor() {
			@Override
			public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
				if (context.request() instanceof SendMessageBatchRequest batch && first.getAndSet(false)) {
					List<String> ids = List.of(batch.entries().get(1).id(), batch.entries().get(4).id());
					attributes.putAttribute(throttled, ids);
					return batch.toBuilder()
						.entries(batch.entries().stream().filter(entry -> !ids.contains(entry.id())).toList())
						.build();
				}
				return context.request();
			}

			@Override
			public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
				List<String> ids = attributes.getAttribute(throttled);
				if (ids != null && context.response() instanceof SendMessageBatchResponse response) {
					return response.toBuilder()
						.failed(ids.stream()
							.map(id -> BatchResultErrorEntry.builder()
								.id(id)
								.code("RequestThrottled")
								.senderFault(true)
								.message("Rate exceeded")
								.build())
							.toList())
						.build();
				}
				return context.response();
			}
		};
		RecordingInterceptor wire = new RecordingInterceptor();
		List<SendResult> results;
		try (SqsAsyncClient client = this.sqs.clientWith(throttleTwo, wire)) {
			results = new SqsTransport(client).send(destination, messages).join();
		}
		assertThat(results).hasSize(10).allMatch(SendResult.Accepted.class::isInstance);
		List<SendMessageBatchRequest> batches = wire.requests(SendMessageBatchRequest.class);
		assertThat(batches).hasSize(2);
		assertThat(batches.get(0).entries()).hasSize(8);
		assertThat(batches.get(1).entries()).extracting(entry -> entry.messageBody())
			.containsExactly("{\"n\":1}", "{\"n\":4}");
		assertThat(this.sqs.drain(url, 10)).extracting(Message::body).hasSize(10).doesNotHaveDuplicates();
	}

	@Test
	void oversizeMessageIsRejectedNamingDestinationAndSizeWhileOthersGo() {
		this.sqs.createQueue("publish-oversize", Map.of());
		Destination destination = Destination.of("big", "sqs", "publish-oversize").withMaxMessageBytes(1000L);
		EncodedMessage small = message("ok", Map.of());
		EncodedMessage large = message("x".repeat(990), Map.of("h", "v"));
		List<SendResult> results = this.transport.send(destination, List.of(small, large)).join();
		assertThat(results.get(0)).isInstanceOf(SendResult.Accepted.class);
		SendResult.Rejected rejected = (SendResult.Rejected) results.get(1);
		assertThat(rejected.errorCode()).isEqualTo(PayloadTooLargeException.CODE);
		assertThat(rejected.retryable()).isFalse();
		// body 990 + "h" "String" "v" + ferry-id(8) String(6) uuid(36)
		assertThat(rejected.reason()).contains("'big'").contains("1048 bytes").contains("limit is 1000");
	}

	@Test
	void sizeCountsAttributeNamesTypesAndValues() {
		EncodedMessage message = new EncodedMessage("id", "abc".getBytes(StandardCharsets.UTF_8),
				Headers.of(Map.of("k", "vv", SqsHeaders.AWS_TRACE_HEADER, "Root=1-abc")), null, null, Duration.ZERO);
		assertThat(this.transport.sizeOf(message)).isEqualTo(3 + 1 + 6 + 2);
		assertThat(this.transport.maxMessageBytes(Destination.of("d", "sqs", "nowhere"))).isEqualTo(1_048_576L);
	}

	@Test
	void moreThanTenAttributesIncludingFerrysOwnAreRejected() {
		this.sqs.createQueue("publish-attributes", Map.of());
		Map<String, String> headers = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 10; i++) {
			headers.put("h" + i, "v");
		}
		SendResult result = this.transport
			.send(Destination.of("attrs", "sqs", "publish-attributes"), List.of(message("{}", headers)))
			.join()
			.get(0);
		assertThat(result).isInstanceOfSatisfying(SendResult.Rejected.class, rejected -> {
			assertThat(rejected.errorCode()).isEqualTo("TooManyAttributes");
			assertThat(rejected.reason()).contains("11 headers including Ferry's own");
		});
	}

	@Test
	void headerNamesSqsWouldRefuseAreRejectedBeforeSendingWhileOthersGo() {
		String url = this.sqs.createQueue("publish-attribute-names", Map.of());
		List<String> refused = List.of("AWS.region", "amazon.id", ".lead", "trail.", "two..dots", "spa ce", "ünï",
				"x".repeat(257));
		List<EncodedMessage> messages = new java.util.ArrayList<>();
		for (String name : refused) {
			messages.add(message("{}", Map.of(name, "v")));
		}
		messages.add(message("{}", Map.of("tenant_id-1.v2", "acme", "awsome", "yes", "x".repeat(256), "long")));
		List<SendResult> results = this.transport.send(Destination.of("names", "sqs", "publish-attribute-names"), messages)
			.join();

		for (int i = 0; i < refused.size(); i++) {
			String name = refused.get(i);
			assertThat(results.get(i)).as(name).isInstanceOfSatisfying(SendResult.Rejected.class, rejected -> {
				assertThat(rejected.errorCode()).isEqualTo("InvalidAttribute");
				assertThat(rejected.reason()).contains("'names'").contains("is not a valid SQS message attribute name");
				assertThat(rejected.retryable()).isFalse();
			});
		}
		assertThat(results.get(refused.size())).isInstanceOf(SendResult.Accepted.class);
		assertThat(this.sqs.approximateCount(url)).isEqualTo(1);
	}

	@Test
	void fifoMapsKeyToGroupAndDeduplicationIdAndRefusesDelay() {
		String url = this.sqs.createQueue("publish-orders.fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
		Destination destination = Destination.of("fifo", "sqs", "publish-orders.fifo");
		EncodedMessage keyed = new EncodedMessage("m1", "{}".getBytes(StandardCharsets.UTF_8), Headers.empty(),
				"customer-7", "dedup-1", Duration.ZERO);
		EncodedMessage duplicate = new EncodedMessage("m2", "{}".getBytes(StandardCharsets.UTF_8), Headers.empty(),
				"customer-7", "dedup-1", Duration.ZERO);
		EncodedMessage delayed = new EncodedMessage("m3", "{}".getBytes(StandardCharsets.UTF_8), Headers.empty(),
				"customer-7", null, Duration.ofSeconds(5));
		EncodedMessage noKey = new EncodedMessage("m4", "{}".getBytes(StandardCharsets.UTF_8), Headers.empty(), null,
				null, Duration.ZERO);
		List<SendResult> results = this.transport.send(destination, List.of(keyed, duplicate, delayed, noKey)).join();
		// ElasticMQ leaves SequenceNumber out of batch results, so it is not asserted here
		assertThat(results.get(0)).isInstanceOf(SendResult.Accepted.class);
		assertThat(results.get(1)).isInstanceOf(SendResult.Accepted.class);
		assertThat(results.get(2)).isInstanceOfSatisfying(SendResult.Rejected.class,
				rejected -> assertThat(rejected.errorCode()).isEqualTo("DelayNotSupported"));
		assertThat(results.get(3)).isInstanceOfSatisfying(SendResult.Rejected.class,
				rejected -> assertThat(rejected.errorCode()).isEqualTo("MissingMessageGroupId"));
		List<Message> received = this.sqs.drain(url, 1);
		assertThat(received).hasSize(1);
		assertThat(received.get(0).attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "customer-7")
			.containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "dedup-1");
	}

	@Test
	void standardQueueHonoursDelayAndTraceHeaderBecomesSystemAttribute() {
		String url = this.sqs.createQueue("publish-delay", Map.of());
		EncodedMessage delayed = new EncodedMessage("d1", "{}".getBytes(StandardCharsets.UTF_8),
				Headers.of(Map.of(SqsHeaders.AWS_TRACE_HEADER, "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")),
				null, null, Duration.ofSeconds(2));
		assertThat(this.transport.send(Destination.of("delayed", "sqs", "publish-delay"), List.of(delayed)).join().get(0))
			.isInstanceOf(SendResult.Accepted.class);
		Message now = this.sqs.client().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)).join().messages()
			.stream().findFirst().orElse(null);
		assertThat(now).as("delayed message visible at once").isNull();
		List<Message> later = this.sqs.drain(url, 1);
		assertThat(later).hasSize(1);
		assertThat(later.get(0).messageAttributes()).doesNotContainKey(SqsHeaders.AWS_TRACE_HEADER);
		assertThat(later.get(0).attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER)).startsWith("Root=1-5759e988");
	}

	@Test
	void missingQueueRejectsEveryMessageAsNotRetryable() {
		List<SendResult> results = this.transport
			.send(Destination.of("ghost", "sqs", "no-such-queue"), List.of(message("a", Map.of()), message("b", Map.of())))
			.join();
		assertThat(results).hasSize(2).allSatisfy(result -> assertThat(result)
			.isInstanceOfSatisfying(SendResult.Rejected.class, rejected -> {
				assertThat(rejected.errorCode()).isEqualTo("QueueDoesNotExist");
				assertThat(rejected.retryable()).isFalse();
				assertThat(rejected.reason()).contains("'ghost'").contains("ferry.provision=true");
			}));
	}

}
