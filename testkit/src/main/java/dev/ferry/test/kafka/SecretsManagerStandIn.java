package dev.ferry.test.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small AWS Secrets Manager stand-in for tests: an HTTP server on {@code 127.0.0.1:<random port>}
 * that answers {@code GetSecretValue} in the service's real wire protocol (AWS JSON 1.1: {@code POST /},
 * {@code X-Amz-Target: secretsmanager.GetSecretValue}, {@code application/x-amz-json-1.1}), so the
 * real SDK client is exercised end to end. Secrets are looked up by name or ARN; unknown ones get
 * the service's {@code ResourceNotFoundException}; other operations get
 * {@code UnknownOperationException}. Request signatures are not verified.
 *
 * <p>Hand-written because no in-process Secrets Manager emulator runs here without Docker; it
 * implements only what Ferry calls.
 */
public final class SecretsManagerStandIn implements AutoCloseable {

	/** Region used in the ARNs this stand-in hands out. */
	public static final String REGION = "us-east-1";

	private static final String ACCOUNT = "000000000000";

	private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor;

	private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

	private final List<String> requestedSecretIds = new CopyOnWriteArrayList<>();

	private record Secret(String name, String arn, String value, String versionId, Instant created) {
	}

	private SecretsManagerStandIn() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.executor = Executors.newFixedThreadPool(2, runnable -> {
			Thread thread = new Thread(runnable, "secrets-manager-stand-in");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Starts the stand-in on a random port. */
	public static SecretsManagerStandIn start() {
		try {
			return new SecretsManagerStandIn();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the Secrets Manager stand-in", ex);
		}
	}

	/** Endpoint to give the SDK client ({@code endpointOverride}). */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/**
	 * Stores a secret string under a name.
	 * @return its ARN (with the random six-character suffix the service appends)
	 */
	public String putSecret(String name, String secretString) {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		String arn = "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-" + suffix;
		this.secrets.put(name, new Secret(name, arn, secretString, UUID.randomUUID().toString(), Instant.now()));
		return arn;
	}

	/** Secret ids asked for with GetSecretValue, in order. */
	public List<String> requestedSecretIds() {
		return List.copyOf(this.requestedSecretIds);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
			if (!"POST".equals(exchange.getRequestMethod()) || target == null) {
				error(exchange, 400, "MissingAction", "Expected a POST with an X-Amz-Target header");
				return;
			}
			if (!"secretsmanager.GetSecretValue".equals(target)) {
				error(exchange, 400, "UnknownOperationException", "Operation " + target + " is not supported here");
				return;
			}
			JsonNode request;
			try (InputStream body = exchange.getRequestBody()) {
				request = MAPPER.readTree(body.readAllBytes());
			}
			JsonNode idNode = request.get("SecretId");
			if (idNode == null || idNode.asString().isEmpty()) {
				error(exchange, 400, "InvalidParameterException", "SecretId is required");
				return;
			}
			String secretId = idNode.asString();
			this.requestedSecretIds.add(secretId);
			Secret secret = find(secretId);
			if (secret == null) {
				error(exchange, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
				return;
			}
			ObjectNode response = MAPPER.createObjectNode();
			response.put("ARN", secret.arn());
			response.put("Name", secret.name());
			response.put("SecretString", secret.value());
			response.put("VersionId", secret.versionId());
			response.putArray("VersionStages").add("AWSCURRENT");
			response.put("CreatedDate", secret.created().toEpochMilli() / 1000.0);
			respond(exchange, 200, response.toString(), null);
		}
	}

	private @Nullable Secret find(String secretId) {
		Secret byName = this.secrets.get(secretId);
		if (byName != null) {
			return byName;
		}
		return this.secrets.values()
			.stream()
			// A full ARN, or a partial one without the random suffix, as the service accepts.
			.filter(secret -> secret.arn().equals(secretId)
					|| secret.arn().substring(0, secret.arn().length() - 7).equals(secretId))
			.findFirst()
			.orElse(null);
	}

	private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
		ObjectNode body = MAPPER.createObjectNode();
		body.put("__type", type);
		body.put("Message", message);
		respond(exchange, status, body.toString(), type);
	}

	private static void respond(HttpExchange exchange, int status, String body, @Nullable String errorType) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
		exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
		if (errorType != null) {
			exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
		}
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
