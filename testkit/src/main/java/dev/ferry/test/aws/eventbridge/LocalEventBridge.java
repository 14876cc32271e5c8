package dev.ferry.test.aws.eventbridge;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import dev.ferry.test.aws.DeliveryJournal;
import dev.ferry.test.aws.FaultInjector;
import dev.ferry.test.aws.Json;
import dev.ferry.test.aws.LocalAwsOptions;
import dev.ferry.test.aws.SqsQueues;
import dev.ferry.test.aws.StandInHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local EventBridge stand-in: an HTTP server speaking the AWS JSON 1.1 protocol of the SDK v2
 * {@code EventBridgeClient} ({@code X-Amz-Target: AWSEvents.<Operation>}, errors as
 * {@code {"__type": ..., "message": ...}}). The {@code default} bus exists from the start; rules are
 * matched with AWS's event-ruler; SQS targets receive events through {@link SqsQueues}.
 *
 * <p>Operations outside the supported set, and unsupported parameters or target types, fail with
 * error code {@value EventBridgeFault#UNSUPPORTED} and a message naming them. Obtain it from
 * {@link dev.ferry.test.aws.LocalAws#eventBridge()}. Thread-safe.
 */
public final class LocalEventBridge implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalEventBridge.class);

	private static final String TARGET_PREFIX = "AWSEvents.";

	private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

	private final StandInHttp server;

	private final EventBridgeRegistry registry = new EventBridgeRegistry();

	private final DeliveryJournal journal = new DeliveryJournal();

	private final FaultInjector<EventBridgeEntry> faults = new FaultInjector<>();

	private final FaultInjector<EventBridgeDelivery> deliveryFaults = new FaultInjector<>();

	private final EventDispatcher dispatcher;

	private final EventBusActions buses;

	private final EventRuleActions rules;

	private final EventTargetActions targets;

	private final PutEventsAction putEvents;

	private final EventTagActions tags;

	private LocalEventBridge(SqsQueues queues, LocalAwsOptions options) {
		this.dispatcher = new EventDispatcher(this.registry, queues, this.journal, options, this.deliveryFaults);
		this.tags = new EventTagActions(this.registry);
		this.buses = new EventBusActions(this.registry, this.tags);
		this.rules = new EventRuleActions(this.registry, this.tags);
		this.targets = new EventTargetActions(this.registry);
		this.putEvents = new PutEventsAction(this.registry, this.dispatcher, this.faults);
		this.server = StandInHttp.start("events", this::handle);
	}

	/**
	 * Starts the stand-in on a random loopback port.
	 * @param queues how to reach SQS
	 * @param options delivery settings
	 * @return the running stand-in
	 */
	public static LocalEventBridge start(SqsQueues queues, LocalAwsOptions options) {
		return new LocalEventBridge(queues, options);
	}

	/** @return the endpoint to configure in {@code EventBridgeClient.builder().endpointOverride(...)} */
	public URI endpoint() {
		return this.server.endpoint();
	}

	/**
	 * Per-entry failures for PutEvents: an armed fault makes matching entries come back with the
	 * given ErrorCode (for example {@code InternalFailure} or {@code ThrottlingException}) and counts
	 * them in FailedEntryCount; the entry is not put on the bus.
	 * @return the fault injector of this stand-in
	 */
	public FaultInjector<EventBridgeEntry> faults() {
		return this.faults;
	}

	/**
	 * Retryable failures of target deliveries: an armed fault makes matching delivery attempts fail
	 * with the given error code, so that the target's RetryPolicy retries them and, once exhausted,
	 * its DeadLetterConfig receives the event with that ERROR_CODE.
	 * @return the delivery fault injector of this stand-in
	 */
	public FaultInjector<EventBridgeDelivery> deliveryFaults() {
		return this.deliveryFaults;
	}

	/** @return what happened to every event for every target */
	public DeliveryJournal journal() {
		return this.journal;
	}

	private void handle(HttpExchange exchange) {
		String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
		String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length())
				: "";
		int status = 200;
		JsonNode response;
		try {
			JsonNode body;
			try {
				byte[] bytes = StandInHttp.body(exchange);
				body = bytes.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(bytes);
			}
			catch (JacksonException ex) {
				throw new EventBridgeFault("SerializationException", 400, "Request body is not valid JSON");
			}
			response = dispatch(operation, new EventBridgeRequest(body));
		}
		catch (EventBridgeFault fault) {
			status = fault.status();
			response = error(fault.type(), String.valueOf(fault.getMessage()));
		}
		catch (RuntimeException ex) {
			logger.error("Local EventBridge failed on {}", operation, ex);
			status = 500;
			response = error("InternalException", "Local EventBridge stand-in failed: " + ex);
		}
		StandInHttp.respond(exchange, status, CONTENT_TYPE,
				Json.MAPPER.writeValueAsString(response).getBytes(StandardCharsets.UTF_8));
	}

	private JsonNode dispatch(String operation, EventBridgeRequest request) {
		return switch (operation) {
			case "CreateEventBus" -> this.buses.createEventBus(request);
			case "DescribeEventBus" -> this.buses.describeEventBus(request);
			case "DeleteEventBus" -> this.buses.deleteEventBus(request);
			case "ListEventBuses" -> this.buses.listEventBuses(request);
			case "PutRule" -> this.rules.putRule(request);
			case "DescribeRule" -> this.rules.describeRule(request);
			case "ListRules" -> this.rules.listRules(request);
			case "DeleteRule" -> this.rules.deleteRule(request);
			case "EnableRule" -> this.rules.setState(request, "ENABLED");
			case "DisableRule" -> this.rules.setState(request, "DISABLED");
			case "PutTargets" -> this.targets.putTargets(request);
			case "RemoveTargets" -> this.targets.removeTargets(request);
			case "ListTargetsByRule" -> this.targets.listTargetsByRule(request);
			case "PutEvents" -> this.putEvents.putEvents(request);
			case "TagResource" -> this.tags.tagResource(request);
			case "UntagResource" -> this.tags.untagResource(request);
			case "ListTagsForResource" -> this.tags.listTagsForResource(request);
			case "" -> throw new EventBridgeFault("UnknownOperationException", 400, "Missing X-Amz-Target header");
			default -> throw EventBridgeFault.unsupported("operation '" + operation + "'");
		};
	}

	private static ObjectNode error(String type, String message) {
		return Json.MAPPER.createObjectNode().put("__type", type).put("message", message);
	}

	@Override
	public void close() {
		this.server.close();
		this.dispatcher.close();
	}

}
