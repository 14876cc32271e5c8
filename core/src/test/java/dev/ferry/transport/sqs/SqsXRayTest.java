package dev.ferry.transport.sqs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ferry.core.destination.Destination;
import dev.ferry.core.message.Headers;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/** The X-Ray trace header of the environment travels as the AWSTraceHeader system attribute. */
class SqsXRayTest {

	private static final String LAMBDA_TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

	private final ElasticMq sqs = ElasticMq.get();

	private static EncodedMessage message(String id, Map<String, String> headers) {
		return new EncodedMessage(id, "{}".getBytes(StandardCharsets.UTF_8), Headers.of(headers), null, null,
				Duration.ZERO);
	}

	private Map<String, String> traceHeadersByBody(String url, int expected) {
		List<Message> received = this.sqs.drain(url, expected);
		assertThat(received).hasSize(expected);
		Map<String, String> byId = new java.util.HashMap<>();
		for (Message message : received) {
			assertThat(message.messageAttributes()).doesNotContainKey(SqsHeaders.AWS_TRACE_HEADER);
			byId.put(message.messageAttributes().get("n").stringValue(),
					String.valueOf(message.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER)));
		}
		return byId;
	}

	@Test
	void theEnvironmentsTraceHeaderIsSentUnlessTheMessageCarriesItsOwn() {
		String url = this.sqs.createQueue("xray-environment", Map.of());
		SqsTransport transport = new SqsTransport(this.sqs.client(), SqsOptions.defaults(), () -> LAMBDA_TRACE);
		String own = "Root=1-00000000-000000000000000000000001;Sampled=0";

		List<SendResult> results = transport.send(Destination.of("traced", "sqs", "xray-environment"),
				List.of(message("a", Map.of("n", "plain")),
						message("b", Map.of("n", "own", SqsHeaders.AWS_TRACE_HEADER, own))))
			.join();

		assertThat(results).allMatch(SendResult.Accepted.class::isInstance);
		Map<String, String> traces = traceHeadersByBody(url, 2);
		assertThat(traces.get("plain")).startsWith("Root=1-5759e988-bd862e3fe1be46a994272793");
		assertThat(traces.get("own")).startsWith("Root=1-00000000-000000000000000000000001");
	}

	@Test
	void withoutATraceHeaderNothingIsSent() {
		String url = this.sqs.createQueue("xray-none", Map.of());
		SqsTransport transport = new SqsTransport(this.sqs.client(), SqsOptions.defaults(), SqsXRay.none());

		transport.send(Destination.of("untraced", "sqs", "xray-none"), List.of(message("a", Map.of("n", "plain"))))
			.join();

		assertThat(traceHeadersByBody(url, 1).get("plain")).isEqualTo("null");
	}

	@Test
	void thePropertyComesBeforeTheVariableAndBlankValuesCountAsAbsent() {
		Map<String, String> environment = Map.of(SqsXRay.TRACE_HEADER_VARIABLE, "Root=1-env");
		assertThat(SqsXRay.from(name -> "Root=1-property", environment).get()).isEqualTo("Root=1-property");
		assertThat(SqsXRay.from(name -> " ", environment).get()).isEqualTo("Root=1-env");
		assertThat(SqsXRay.from(name -> null, Map.of(SqsXRay.TRACE_HEADER_VARIABLE, "")).get()).isNull();
		assertThat(SqsXRay.from(name -> null, Map.of()).get()).isNull();
	}

}
