package dev.ferry.test.aws.sns;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpExchange;
import dev.ferry.test.aws.DeliveryJournal;
import dev.ferry.test.aws.FaultInjector;
import dev.ferry.test.aws.LocalAwsOptions;
import dev.ferry.test.aws.ResourceTags;
import dev.ferry.test.aws.SqsQueues;
import dev.ferry.test.aws.StandInHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local SNS stand-in: an HTTP server speaking the AWS Query protocol of the SDK v2
 * {@code SnsClient} (form-encoded {@code Action=...}, XML answers, the documented error codes), plus
 * {@code GET} of the {@code SubscribeURL}, {@code UnsubscribeURL} and {@code SigningCertURL} it hands
 * out. Delivers to SQS through {@link SqsQueues} and to HTTP/S subscribers directly.
 *
 * <p>Operations outside the supported set, and unsupported parameters or attributes, fail with
 * error code {@value SnsFault#UNSUPPORTED} and a message naming them. Obtain it from
 * {@link dev.ferry.test.aws.LocalAws#sns()}. Thread-safe.
 */
public final class LocalSns implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalSns.class);

	/** Actions of the SNS API that the stand-in knows but does not implement. */
	private static final Set<String> NOT_IMPLEMENTED = Set.of("AddPermission", "RemovePermission",
			"CreatePlatformApplication", "CreatePlatformEndpoint",
			"CheckIfPhoneNumberIsOptedOut", "GetSMSAttributes", "SetSMSAttributes", "GetDataProtectionPolicy",
			"PutDataProtectionPolicy", "ListPlatformApplications", "ListOriginationNumbers");

	private final StandInHttp server;

	private final SnsSigningKey key = new SnsSigningKey();

	private final SnsRegistry registry = new SnsRegistry();

	private final DeliveryJournal journal = new DeliveryJournal();

	private final FaultInjector<SnsPublishEntry> faults = new FaultInjector<>();

	private final SnsDispatcher dispatcher;

	private final SnsTopicActions topics;

	private final SnsSubscriptionActions subscriptions;

	private final SnsPublishActions publishing;

	private LocalSns(SqsQueues queues, LocalAwsOptions options) {
		this.server = StandInHttp.start("sns", this::handle);
		SnsEnvelope envelope = new SnsEnvelope(this.key, this.server.endpoint());
		this.dispatcher = new SnsDispatcher(this.registry, queues, envelope, this.journal, options);
		this.topics = new SnsTopicActions(this.registry, new ResourceTags());
		this.subscriptions = new SnsSubscriptionActions(this.registry, this.dispatcher);
		this.publishing = new SnsPublishActions(this.registry, this.dispatcher, this.faults);
	}

	/**
	 * Starts the stand-in on a random loopback port.
	 * @param queues how to reach SQS
	 * @param options delivery settings
	 * @return the running stand-in
	 */
	public static LocalSns start(SqsQueues queues, LocalAwsOptions options) {
		return new LocalSns(queues, options);
	}

	/** @return the endpoint to configure in {@code SnsClient.builder().endpointOverride(...)} */
	public URI endpoint() {
		return this.server.endpoint();
	}

	/**
	 * Per-entry failures for PublishBatch: an armed fault makes matching entries appear in
	 * {@code Failed} with the given code (for example {@code InternalError}) and {@code SenderFault=false},
	 * and the entry is not published.
	 * @return the fault injector of this stand-in
	 */
	public FaultInjector<SnsPublishEntry> faults() {
		return this.faults;
	}

	/** @return what happened to every message for every subscription */
	public DeliveryJournal journal() {
		return this.journal;
	}

	private void handle(HttpExchange exchange) {
		String path = exchange.getRequestURI().getPath();
		if ("GET".equals(exchange.getRequestMethod()) && SnsEnvelope.CERTIFICATE_PATH.equals(path)) {
			StandInHttp.respond(exchange, 200, "application/x-pem-file",
					this.key.certificatePem().getBytes(StandardCharsets.US_ASCII));
			return;
		}
		Map<String, String> params = new LinkedHashMap<>();
		String query = exchange.getRequestURI().getRawQuery();
		params.putAll(StandInHttp.decodeForm(query == null ? "" : query));
		params.putAll(StandInHttp.decodeForm(new String(StandInHttp.body(exchange), StandardCharsets.UTF_8)));
		String xml;
		int status = 200;
		try {
			xml = dispatch(new SnsQueryRequest(params));
		}
		catch (SnsFault fault) {
			status = fault.status();
			xml = SnsXml.error(fault);
		}
		catch (RuntimeException ex) {
			logger.error("Local SNS failed on {}", params.get("Action"), ex);
			SnsFault fault = new SnsFault("InternalError", 500, "Local SNS stand-in failed: " + ex);
			status = fault.status();
			xml = SnsXml.error(fault);
		}
		StandInHttp.respond(exchange, status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
	}

	private String dispatch(SnsQueryRequest request) {
		String action = request.action();
		return switch (action) {
			case "CreateTopic" -> this.topics.createTopic(request);
			case "DeleteTopic" -> this.topics.deleteTopic(request);
			case "ListTopics" -> this.topics.listTopics(request);
			case "GetTopicAttributes" -> this.topics.getTopicAttributes(request);
			case "SetTopicAttributes" -> this.topics.setTopicAttributes(request);
			case "TagResource" -> this.topics.tagResource(request);
			case "UntagResource" -> this.topics.untagResource(request);
			case "ListTagsForResource" -> this.topics.listTagsForResource(request);
			case "Subscribe" -> this.subscriptions.subscribe(request);
			case "ConfirmSubscription" -> this.subscriptions.confirmSubscription(request);
			case "Unsubscribe" -> this.subscriptions.unsubscribe(request);
			case "ListSubscriptions" -> this.subscriptions.listSubscriptions(request);
			case "ListSubscriptionsByTopic" -> this.subscriptions.listSubscriptionsByTopic(request);
			case "GetSubscriptionAttributes" -> this.subscriptions.getSubscriptionAttributes(request);
			case "SetSubscriptionAttributes" -> this.subscriptions.setSubscriptionAttributes(request);
			case "Publish" -> this.publishing.publish(request);
			case "PublishBatch" -> this.publishing.publishBatch(request);
			default -> throw NOT_IMPLEMENTED.contains(action) || action.contains("SMS") || action.contains("Platform")
					|| action.contains("Endpoint") ? SnsFault.unsupported("action '" + action + "'")
							: new SnsFault("InvalidAction", 400, "The action " + action + " is not valid for this web service.");
		};
	}

	@Override
	public void close() {
		this.server.close();
		this.dispatcher.close();
	}

}
