package dev.ferry.test.aws;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A thin HTTP proxy in front of ElasticMQ that keeps the SQS {@code Policy} queue attribute.
 *
 * <p>ElasticMQ accepts but ignores {@code Policy} ("Ignored attribute Policy"), yet SNS and
 * EventBridge decide dead-letter delivery from it. The proxy forwards every request unchanged except
 * the AWS JSON protocol calls {@code CreateQueue}, {@code SetQueueAttributes},
 * {@code GetQueueAttributes} and {@code DeleteQueue}, whose {@code Policy} it stores, returns and
 * forgets per queue name. Requests in the older Query protocol pass through without policy support.
 */
final class SqsPolicyProxy implements AutoCloseable {

	private static final String TARGET_PREFIX = "AmazonSQS.";

	private static final String POLICY = "Policy";

	private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
			"transfer-encoding", "keep-alive");

	private volatile URI backend = URI.create("http://127.0.0.1:1");

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<String, String> policies = new ConcurrentHashMap<>();

	private final StandInHttp server;

	/** Starts the proxy; call {@link #forwardTo(URI)} once ElasticMQ runs. */
	SqsPolicyProxy() {
		this.server = StandInHttp.start("sqs-proxy", this::handle);
	}

	/** ElasticMQ starts after the proxy so that its queue URLs can name the proxy's port. */
	void forwardTo(URI backend) {
		this.backend = backend;
	}

	URI endpoint() {
		return this.server.endpoint();
	}

	private void handle(HttpExchange exchange) {
		try {
			byte[] body = StandInHttp.body(exchange);
			String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
			String operation = (target != null && target.startsWith(TARGET_PREFIX))
					? target.substring(TARGET_PREFIX.length()) : "";
			JsonNode request = parse(operation, body);
			String policy = null;
			if (request instanceof ObjectNode object && object.path("Attributes").has(POLICY)) {
				policy = object.path("Attributes").path(POLICY).asString("");
				((ObjectNode) object.path("Attributes")).remove(POLICY);
				body = Json.MAPPER.writeValueAsBytes(object);
			}
			HttpResponse<byte[]> response = forward(exchange, body);
			byte[] responseBody = response.body();
			if (response.statusCode() == 200 && request != null) {
				responseBody = afterSuccess(operation, request, policy, responseBody);
			}
			StandInHttp.respond(exchange, response.statusCode(),
					response.headers().firstValue("Content-Type").orElse("application/x-amz-json-1.0"), responseBody);
		}
		catch (IOException | RuntimeException ex) {
			byte[] error = ("{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"Local SQS proxy failed: "
					+ String.valueOf(ex.getMessage()).replace("\"", "'") + "\"}").getBytes(StandardCharsets.UTF_8);
			StandInHttp.respond(exchange, 500, "application/x-amz-json-1.0", error);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			StandInHttp.respond(exchange, 503, "text/plain", new byte[0]);
		}
	}

	private static @Nullable JsonNode parse(String operation, byte[] body) {
		if (!List.of("CreateQueue", "SetQueueAttributes", "GetQueueAttributes", "DeleteQueue").contains(operation)) {
			return null;
		}
		try {
			return Json.MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private byte[] afterSuccess(String operation, JsonNode request, @Nullable String policy, byte[] responseBody) {
		switch (operation) {
			case "CreateQueue" -> {
				if (policy != null) {
					remember(request.path("QueueName").asString(""), policy);
				}
			}
			case "SetQueueAttributes" -> {
				if (policy != null) {
					remember(queueName(request), policy);
				}
			}
			case "DeleteQueue" -> this.policies.remove(queueName(request));
			case "GetQueueAttributes" -> {
				return withPolicy(request, responseBody);
			}
			default -> {
			}
		}
		return responseBody;
	}

	private void remember(String queueName, String policy) {
		if (policy.isEmpty()) {
			this.policies.remove(queueName);
		}
		else {
			this.policies.put(queueName, policy);
		}
	}

	private byte[] withPolicy(JsonNode request, byte[] responseBody) {
		String policy = this.policies.get(queueName(request));
		boolean asked = false;
		for (JsonNode name : request.path("AttributeNames")) {
			asked |= POLICY.equals(name.asString("")) || "All".equals(name.asString(""));
		}
		if (policy == null || !asked) {
			return responseBody;
		}
		JsonNode response = Json.MAPPER.readTree(responseBody);
		ObjectNode result = response instanceof ObjectNode object ? object : Json.MAPPER.createObjectNode();
		JsonNode attributes = result.path("Attributes");
		ObjectNode target = attributes instanceof ObjectNode object ? object : result.putObject("Attributes");
		target.put(POLICY, policy);
		return Json.MAPPER.writeValueAsBytes(result);
	}

	private static String queueName(JsonNode request) {
		String url = request.path("QueueUrl").asString("");
		return url.substring(url.lastIndexOf('/') + 1);
	}

	private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
		URI uri = this.backend.resolve(exchange.getRequestURI().toString());
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
				.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
				values.forEach((value) -> request.header(name, value));
			}
		});
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	@Override
	public void close() {
		this.server.close();
	}

}
