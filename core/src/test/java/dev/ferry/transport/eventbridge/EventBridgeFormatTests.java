package dev.ferry.transport.eventbridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.ferry.core.FerryConfigurationException;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.Headers;
import dev.ferry.core.transport.EncodedMessage;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The wire mapping of the EventBridge adapter: entry size by AWS's rule, the headers field in the
 * detail and back, the event envelope, the target dead-letter attributes, event patterns and the
 * destination settings.
 */
class EventBridgeFormatTests {

	@Test
	void entrySizeCountsTimeAndUtf8BytesOfSourceDetailTypeDetailAndResources() {
		PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
			.source("shop")
			.detailType("Ordér")
			.detail("{\"a\":\"€\"}")
			.resources("arn:1", "arn:22")
			.build();
		// 4 + 6 (é is two bytes) + 11 (€ is three bytes) + 5 + 6
		assertThat(EventBridgeEntryFormat.sizeOf(entry)).isEqualTo(32);
		assertThat(EventBridgeEntryFormat.sizeOf(entry.toBuilder().time(Instant.EPOCH).build())).isEqualTo(46);
		assertThat(EventBridgeEntryFormat.sizeOf(entry.toBuilder().detail("{\"e\":\"😀\"}").build()))
			.isEqualTo(4 + 6 + "{\"e\":\"😀\"}".getBytes(StandardCharsets.UTF_8).length + 11);
	}

	@Test
	void headersRideInTheReservedFieldAndComeBackOut() {
		String detail = EventBridgeHeaders.detail("{\"sku\":\"a\",\"n\":[1,2]}".getBytes(StandardCharsets.UTF_8),
				Headers.of(Map.of("ferry-id", "m1", "AWSTraceHeader", "Root=1")));
		assertThat(detail).isEqualTo("{\"sku\":\"a\",\"n\":[1,2],\"_ferry\":{\"ferry-id\":\"m1\"}}");
		assertThat(EventBridgeHeaders.detail("{ }".getBytes(StandardCharsets.UTF_8), Headers.of(Map.of("k", "v"))))
			.isEqualTo("{ \"_ferry\":{\"k\":\"v\"}}");
		EventBridgeEnvelope bare = EventBridgeEnvelope.read(detail);
		assertThat(bare.isEnvelope()).isFalse();
		assertThat(new String(bare.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"sku\":\"a\",\"n\":[1,2]}");
		assertThat(bare.headers()).containsExactly(Map.entry("ferry-id", "m1"));
	}

	@Test
	void envelopeFieldsBecomeAttributes() {
		String event = """
				{"version":"0","id":"6a7e8feb","detail-type":"OrderShipped","source":"shop","account":"111122223333",
				"time":"2026-11-30T10:00:00Z","region":"eu-west-1","resources":["arn:a","arn:b"],
				"replay-name":"r1","detail":{"orderId":"o-1","_ferry":{"ferry-id":"m9"}}}""";
		EventBridgeEnvelope envelope = EventBridgeEnvelope.read(event);
		assertThat(new String(envelope.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"o-1\"}");
		assertThat(envelope.headers()).containsEntry("ferry-id", "m9");
		assertThat(envelope.time()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
		assertThat(envelope.attributes()).containsEntry(EventBridgeEnvelope.ID, "6a7e8feb")
			.containsEntry(EventBridgeEnvelope.SOURCE, "shop")
			.containsEntry(EventBridgeEnvelope.DETAIL_TYPE, "OrderShipped")
			.containsEntry(EventBridgeEnvelope.RESOURCES, "arn:a,arn:b")
			.containsEntry(EventBridgeEnvelope.ACCOUNT, "111122223333")
			.containsEntry(EventBridgeEnvelope.REGION, "eu-west-1")
			.containsEntry(EventBridgeEnvelope.REPLAY_NAME, "r1");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> EventBridgeEnvelope.read("nope"))
			.withMessageContaining("not JSON");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> EventBridgeEnvelope.read("{\"detail-type\":\"x\",\"source\":\"s\",\"detail\":\"text\"}"))
			.withMessageContaining("detail is not a JSON object");
	}

	@Test
	void targetDeadLetterAttributesBecomeDeadLetterInfo() {
		DeadLetterInfo info = EventBridgeDeadLetters.read(Map.of("RULE_ARN", "arn:aws:events:us-east-1:1:rule/r",
				"TARGET_ARN", "arn:aws:sqs:us-east-1:1:q", "ERROR_CODE", "SQS_PERMISSION_DENIED", "ERROR_MESSAGE",
				"denied", "EXHAUSTED_RETRY_CONDITION", "MaximumRetryAttempts", "RETRY_ATTEMPTS", "3"), "m1");
		assertThat(info).isNotNull();
		assertThat(info.source()).isEqualTo("arn:aws:events:us-east-1:1:rule/r");
		assertThat(info.errorCode()).isEqualTo("SQS_PERMISSION_DENIED");
		assertThat(info.exceptionMessage()).isEqualTo("denied");
		assertThat(info.attempts()).isEqualTo(3);
		assertThat(info.details()).containsEntry("TARGET_ARN", "arn:aws:sqs:us-east-1:1:q")
			.containsEntry("EXHAUSTED_RETRY_CONDITION", "MaximumRetryAttempts");
		assertThat(EventBridgeDeadLetters.read(Map.of("tenant", "acme"), "m1")).isNull();
	}

	@Test
	void patternsInJsonOrYamlAreValidatedWithEventRuler() {
		assertThat(EventBridgePatterns.toJson("{ \"detail\": { \"status\": [\"shipped\"] } }", "p"))
			.isEqualTo("{\"detail\":{\"status\":[\"shipped\"]}}");
		assertThat(EventBridgePatterns.toJson("""
				source: [shop]
				detail:
				  total: [{numeric: [">", 100]}]
				""", "p")).isEqualTo("{\"source\":[\"shop\"],\"detail\":{\"total\":[{\"numeric\":[\">\",100]}]}}");
		assertThatExceptionOfType(FerryConfigurationException.class)
			.isThrownBy(() -> EventBridgePatterns.toJson("{\"detail\":{\"status\":\"shipped\"}}",
					"ferry.destinations.q.subscription.pattern"))
			.withMessageContaining("ferry.destinations.q.subscription.pattern is not a valid EventBridge event pattern");
		assertThatExceptionOfType(FerryConfigurationException.class)
			.isThrownBy(() -> EventBridgePatterns.toJson("{\"detail\": [", "x.pattern"))
			.withMessageContaining("x.pattern is not valid JSON");
		assertThatExceptionOfType(FerryConfigurationException.class)
			.isThrownBy(() -> EventBridgePatterns.toJson("just text", "x.pattern"))
			.withMessageContaining("x.pattern must be an event pattern object");
	}

	@Test
	void destinationSettingsAreTypedAndValidated() {
		Destination destination = Destination.of("orders", "eventbridge", "default");
		EventBridgeDestinationProperties defaults = EventBridgeDestinationProperties.of(destination);
		assertThat(defaults.eventBus()).isEqualTo("default");
		assertThat(defaults.source()).isEqualTo("orders");
		assertThat(defaults.detailType()).isNull();
		EventBridgeDestinationProperties set = EventBridgeDestinationProperties.of(destination.withProperties(Map.of(
				"event-bus", "arn:aws:events:us-east-1:1:event-bus/shop", "archive.retention", "7d")));
		assertThat(set.eventBusName()).isEqualTo("shop");
		assertThat(set.archiveRetention()).isEqualTo(Duration.ofDays(7));
		assertThatExceptionOfType(FerryConfigurationException.class)
			.isThrownBy(() -> EventBridgeDestinationProperties.of(destination.withProperties(Map.of("source", "aws.s3"))))
			.withMessageContaining("ferry.destinations.orders.properties.source must not start with 'aws.'");
		assertThatExceptionOfType(FerryConfigurationException.class)
			.isThrownBy(() -> EventBridgeOptions.defaults().withTargetRetryPolicy(186, Duration.ofHours(1)))
			.withMessageContaining("ferry.eventbridge.target-max-retry-attempts");
	}

	@Test
	void detailTypeDefaultsToTheSimpleNameOfThePayloadType() {
		assertThat(EventBridgeEntryFormat.simpleName("com.example.Order$Shipped")).isEqualTo("Shipped");
		assertThat(EventBridgeEntryFormat.simpleName("java.util.List<com.example.Item>")).isEqualTo("List");
		assertThat(EventBridgeEntryFormat.simpleName(null)).isEqualTo("Event");
		EventBridgeEntryFormat format = new EventBridgeEntryFormat(
				EventBridgeDestinationProperties.of(Destination.of("orders", "eventbridge", "default")));
		EncodedMessage csv = new EncodedMessage("1", "a,b".getBytes(StandardCharsets.UTF_8),
				Headers.of(Map.of("ferry-content-type", "text/csv")), null, null, Duration.ZERO);
		assertThatExceptionOfType(EventBridgeHeaders.InvalidDetailException.class)
			.isThrownBy(() -> format.entry(csv, null))
			.withMessageContaining("text/csv");
	}

}
