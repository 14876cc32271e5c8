package dev.ferry.core.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ferry.core.deadletter.DeadLetterCodec;
import dev.ferry.core.deadletter.DeadLetterInfo;
import dev.ferry.core.destination.Destination;
import dev.ferry.core.engine.Ferry;
import dev.ferry.core.engine.ListenerDefinition;
import dev.ferry.core.hardening.HardeningMode;
import dev.ferry.core.message.FerryHeaders;
import dev.ferry.core.message.Headers;
import dev.ferry.core.transport.EncodedMessage;
import dev.ferry.core.transport.SendResult;
import dev.ferry.testgadget.GadgetRecorder;
import dev.ferry.transport.inmemory.InMemoryQueue;
import dev.ferry.transport.inmemory.InMemoryTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile bodies and type headers, sent as a sender would (straight to the transport, headers of
 * its choosing) through the in-memory transport and Ferry's real consuming pipeline.
 */
class UntrustedInputTests {

	/** Named by string only: referring to the class would load it in the test itself. */
	private static final String UNTRUSTED_GADGET = "dev.ferry.testgadget.UntrustedGadget";

	private static final String TRUSTED_GADGET = "dev.ferry.testgadget.TrustedGadget";

	record Order(String id) {
	}

	record Envelope(String id, Object data) {
	}

	private final InMemoryTransport transport = new InMemoryTransport();

	private final Destination destination = Destination.of("inbox", InMemoryTransport.NAME,
			"inbox-" + UUID.randomUUID());

	private final Queue<Object> received = new ConcurrentLinkedQueue<>();

	private Ferry ferry;

	@AfterEach
	void close() {
		if (this.ferry != null) {
			this.ferry.close();
		}
	}

	private void start(ConversionOptions options, Class<?> listenerType) {
		this.ferry = Ferry.builder()
			.transport(this.transport)
			.destination(this.destination)
			.converter(new JacksonPayloadConverter(JsonMapper.builder().build(), options))
			.hardeningMode(HardeningMode.OFF)
			.build();
		this.ferry.listen(ListenerDefinition.builder("inbox-listener", "inbox", listenerType,
				(payload, context) -> this.received.add(payload)).idempotent(false).build());
		this.ferry.start();
	}

	private void send(String body, Map<String, String> headers) {
		String id = UUID.randomUUID().toString();
		Map<String, String> all = new java.util.HashMap<>(headers);
		all.put(FerryHeaders.MESSAGE_ID, id);
		List<SendResult> results = this.transport.send(this.destination, List.of(new EncodedMessage(id,
				body.getBytes(StandardCharsets.UTF_8), Headers.of(all), null, null, Duration.ZERO))).join();
		assertThat(results).singleElement().isInstanceOf(SendResult.Accepted.class);
	}

	private List<DeadLetterInfo> awaitDeadLetters(int count) {
		InMemoryQueue dlq = this.transport.deadLetterQueue(this.destination);
		await().atMost(Duration.ofSeconds(10)).until(() -> dlq.size() == count);
		return dlq.snapshot().stream()
			.map(snapshot -> DeadLetterCodec.decode(snapshot.headers().getOrNull(FerryHeaders.DEAD_LETTER)))
			.toList();
	}

	@Test
	void aTypeHeaderNamingAnUntrustedClassNeitherInitializesNorInstantiatesIt() {
		start(ConversionOptions.defaults(), Object.class);

		send("{\"command\":\"rm -rf /\"}", Map.of(FerryHeaders.TYPE, UNTRUSTED_GADGET));
		send("{\"id\":\"after\"}", Map.of());

		// the class is on the classpath but outside the trusted packages: dead-lettered with a reason
		assertThat(awaitDeadLetters(1)).singleElement().satisfies(info -> {
			assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.DESERIALIZATION);
			assertThat(info.reason()).contains(UNTRUSTED_GADGET).contains("not in a trusted package");
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 1);
		assertThat(this.received).containsExactly(Map.of("id", "after"));
		assertThat(GadgetRecorder.wasInitialized(UNTRUSTED_GADGET)).isFalse();
		assertThat(GadgetRecorder.wasConstructed(UNTRUSTED_GADGET)).isFalse();
	}

	@Test
	void aTypeHeaderNamingAClassThatIsNotHereIsIgnored() {
		start(ConversionOptions.defaults(), Object.class);

		// another service's class: the declared type (Object) is read, as a map
		send("{\"orderId\":\"o-9\"}", Map.of(FerryHeaders.TYPE, "com.example.billing.OrderBilled"));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 1);
		assertThat(this.received.peek()).isEqualTo(Map.of("orderId", "o-9"));
		assertThat(this.transport.deadLetterQueue(this.destination).size()).isZero();
	}

	@Test
	void aConfiguredPackageLetsTheTypeHeaderSelectItsClasses() {
		// the control: the same kind of class, trusted on purpose, is built — so the recorder works
		start(ConversionOptions.builder().trustedPackages(List.of("dev.ferry.testgadget")).build(), Object.class);

		send("{\"command\":\"ls\"}", Map.of(FerryHeaders.TYPE, TRUSTED_GADGET));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 1);
		assertThat(this.received.peek().getClass().getName()).isEqualTo(TRUSTED_GADGET);
		assertThat(GadgetRecorder.wasInitialized(TRUSTED_GADGET)).isTrue();
		assertThat(GadgetRecorder.wasConstructed(TRUSTED_GADGET)).isTrue();
	}

	@Test
	void trustingEverythingIsReportedAsAHardeningFinding() {
		JacksonPayloadConverter converter = new JacksonPayloadConverter(JsonMapper.builder().build(),
				ConversionOptions.builder().trustedPackages(List.of("*")).build());
		this.ferry = Ferry.builder()
			.transport(this.transport)
			.destination(this.destination)
			.converter(converter)
			.hardeningMode(HardeningMode.WARN)
			.build();

		assertThat(this.ferry.inspect().findings()).singleElement().satisfies(finding -> {
			assertThat(finding.id()).isEqualTo(TrustedTypes.TRUST_ALL_RULE);
			assertThat(finding.severity()).isEqualTo(dev.ferry.core.hardening.Severity.WARNING);
			assertThat(finding.resource()).isEqualTo("ferry.conversion.trusted-packages");
		});
		assertThat(new JacksonPayloadConverter().trustsEveryType()).isFalse();
	}

	@Test
	void craftedBodiesAreDeadLetteredWithAReasonAndTheListenerLivesOn() {
		start(ConversionOptions.builder().maxStringLength(1000).maxNumberLength(100).maxDocumentBytes(64 * 1024).build(),
				Object.class);

		send("[".repeat(50_000) + "]".repeat(50_000), Map.of());
		send("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), Map.of());
		send("{\"s\":\"" + "x".repeat(5_000) + "\"}", Map.of());
		send("{\"n\":" + "9".repeat(500) + "}", Map.of());
		send("[" + "1,".repeat(40_000) + "1]", Map.of());
		send("{\"id\":\"still-alive\"}", Map.of());

		List<DeadLetterInfo> deadLetters = awaitDeadLetters(5);
		assertThat(deadLetters).allSatisfy(info -> assertThat(info.errorCode()).isEqualTo(DeadLetterInfo.DESERIALIZATION));
		assertThat(deadLetters).extracting(DeadLetterInfo::reason)
			.anySatisfy(reason -> assertThat(reason).contains("nesting depth"))
			.anySatisfy(reason -> assertThat(reason).contains("String value length"))
			.anySatisfy(reason -> assertThat(reason).contains("Number value length"))
			.anySatisfy(reason -> assertThat(reason).contains("ferry.conversion.max-document-size"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.contains(Map.of("id", "still-alive")));
		assertThat(this.received).containsExactly(Map.of("id", "still-alive"));
	}

	@Test
	void deepNestingUnderTheDefaultsIsDeadLetteredNotAStackOverflow() {
		start(ConversionOptions.defaults(), Envelope.class);

		send("{\"id\":\"e-0\",\"data\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}", Map.of());
		send("{\"id\":\"e-1\",\"data\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000) + "}", Map.of());
		send("{\"id\":\"e-2\",\"data\":[[[1]]]}", Map.of());

		assertThat(awaitDeadLetters(2)).allSatisfy(info -> assertThat(info.reason()).contains("nesting depth")
			.contains("(" + ConversionOptions.DEFAULT_MAX_NESTING_DEPTH));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 1);
		assertThat(this.received).containsExactly(new Envelope("e-2", List.of(List.of(List.of(1)))));
	}

	@Test
	void payloadsOfUnreadableMessagesStayOutOfLogsAndReasons() {
		ListAppender<ILoggingEvent> logs = capture();
		try {
			start(ConversionOptions.defaults(), Order.class);

			send("{\"id\": hunter2-card-4111111111111111 }", Map.of());
			send("{\"id\": [\"hunter2-card-4111111111111111\"]}", Map.of());

			List<DeadLetterInfo> deadLetters = awaitDeadLetters(2);
			assertThat(deadLetters).extracting(DeadLetterInfo::reason)
				.allSatisfy(reason -> assertThat(reason).contains("Cannot read payload as").doesNotContain("hunter2"));
			assertThat(logs.list).isNotEmpty()
				.allSatisfy(event -> assertThat(rendered(event)).doesNotContain("hunter2"));
		}
		finally {
			release(logs);
		}
	}

	@Test
	void payloadLoggingIsOptInAtDebugAndCapped() {
		ListAppender<ILoggingEvent> logs = capture();
		try {
			start(ConversionOptions.builder().logPayloads(true).payloadLogMaxChars(20).build(), Order.class);

			send("{\"id\":\"o-7\",\"note\":\"" + "z".repeat(500) + "\"}", Map.of());

			await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 1);
			assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.DEBUG)
				.extracting(UntrustedInputTests::rendered)
				.anySatisfy(line -> assertThat(line).contains("{\"id\":\"o-7\"").doesNotContain("z".repeat(30)));
			assertThat(logs.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
				.allSatisfy(event -> assertThat(rendered(event)).doesNotContain("o-7\""));
		}
		finally {
			release(logs);
		}
	}

	static String rendered(ILoggingEvent event) {
		StringBuilder text = new StringBuilder(event.getFormattedMessage());
		for (var proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
			text.append(" | ").append(proxy.getClassName()).append(": ").append(proxy.getMessage());
		}
		return text.toString();
	}

	/** Captures every event of Ferry's loggers, DEBUG included, without printing them. */
	static ListAppender<ILoggingEvent> capture() {
		Logger ferryLogger = (Logger) LoggerFactory.getLogger("dev.ferry");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		ferryLogger.addAppender(appender);
		ferryLogger.setLevel(Level.DEBUG);
		ferryLogger.setAdditive(false);
		return appender;
	}

	static void release(ListAppender<ILoggingEvent> appender) {
		Logger ferryLogger = (Logger) LoggerFactory.getLogger("dev.ferry");
		ferryLogger.detachAppender(appender);
		ferryLogger.setLevel(null);
		ferryLogger.setAdditive(true);
	}

}
